import { CircuitState } from 'cockatiel';
import { Category } from 'src/core/message-analysis';
import { RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import { AgentName } from 'src/core/routing-outcome';
import { RoutingService } from 'src/routing/routing.service';
import {
  createRoutingService,
  dropped,
  httpError,
  ok,
  requestFor,
} from 'test/setup/routing-service-kit';
import { useRoutingHarness } from 'test/setup/routing-harness';

// AGENT_CIRCUIT_OPEN_MS's default.
const BREAKER_OPEN_MS = 30_000;

describe(`${RoutingService.name} circuit breaker`, () => {
  const h = useRoutingHarness();
  let sut: RoutingService;

  beforeEach(() => {
    sut = createRoutingService(h.stub, h.repository, 1);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  async function routeTechnical(times: number): Promise<void> {
    for (let i = 0; i < times; i++) {
      await sut.route(requestFor(Category.Technical));
    }
    h.stub.requests.length = 0;
    h.repository.records.length = 0;
  }

  it('should open after five consecutive failures and skip the agent', async () => {
    h.agents.script(AgentName.CodeDebugger, httpError(500));
    await routeTechnical(5);

    const outcome = await sut.route(requestFor(Category.Technical));

    expect(h.agents.calledAgents()).toEqual([AgentName.AgentHub]);
    expect(outcome).toMatchObject({ isSuccess: true, agent: AgentName.AgentHub, attempts: 1 });
    expect(h.repository.rows()).toEqual([
      [AgentName.CodeDebugger, 1, false, RoutingAttemptStatus.Skipped],
      [AgentName.AgentHub, 1, true, RoutingAttemptStatus.Succeeded],
    ]);
    expect(h.repository.records[0]).toMatchObject({
      url: h.agents.urlOf(AgentName.CodeDebugger),
      httpStatus: null,
      latencyMs: 0,
      error: 'circuit breaker open',
    });
    expect(sut.circuitState(AgentName.CodeDebugger)).toBe(CircuitState.Open);
  });

  it('should try the agent again once it has been open long enough', async () => {
    h.agents.script(AgentName.CodeDebugger, httpError(500));
    await routeTechnical(5);
    h.agents.script(AgentName.CodeDebugger, ok({ reply: 'back' }));
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + BREAKER_OPEN_MS + 1);

    const outcome = await sut.route(requestFor(Category.Technical));

    expect(h.agents.calledAgents()).toEqual([AgentName.CodeDebugger]);
    expect(outcome).toMatchObject({
      isSuccess: true,
      agent: AgentName.CodeDebugger,
      reply: 'back',
    });
  });

  it('should not count a 4xx', async () => {
    h.agents.script(AgentName.CodeDebugger, httpError(422));
    await routeTechnical(5);

    await sut.route(requestFor(Category.Technical));

    expect(h.agents.calledAgents()).toEqual([AgentName.CodeDebugger, AgentName.AgentHub]);
    expect(h.repository.records.map((record) => record.status)).toEqual([
      RoutingAttemptStatus.Failed,
      RoutingAttemptStatus.Succeeded,
    ]);
  });

  it('should keep one breaker per agent', async () => {
    h.agents.script(AgentName.CodeDebugger, dropped);
    await routeTechnical(6);

    await sut.route(requestFor(Category.Sales));

    expect(h.agents.calledAgents()).toEqual([AgentName.BusinessWorkflow]);
  });
});
