import { Category } from 'src/core/message-analysis';
import { AgentName } from 'src/core/routing-outcome';
import { RoutingService } from 'src/routing/routing.service';
import {
  InMemoryAgentRoutingRepository,
  type ScriptedAgents,
  createRoutingService,
  requestFor,
  scriptAgents,
} from 'src/routing/routing.service.test-kit';
import { useStubServer } from 'test/setup/stub-http-server';

describe(`${RoutingService.name} with an earlier outcome`, () => {
  const stub = useStubServer({ isLoggerSilent: true });
  let agents: ScriptedAgents;
  let repository: InMemoryAgentRoutingRepository;

  beforeEach(() => {
    agents = scriptAgents(stub);
    repository = new InMemoryAgentRoutingRepository();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  const notFirst = () => ({ ...requestFor(Category.Sales), isFirstAttempt: false });

  it('should return the stored outcome of a message that was already routed', async () => {
    repository.storedOutcome = {
      isSuccess: true,
      agent: AgentName.BusinessWorkflow,
      response: { reply: 'earlier' },
      reply: 'earlier',
      isHumanHandover: false,
      attempts: 1,
    };
    const sut = createRoutingService(stub, repository);

    const outcome = await sut.route(notFirst());

    expect(outcome).toBe(repository.storedOutcome);
    expect(stub.requests).toHaveLength(0);
    expect(repository.records).toHaveLength(0);
  });

  it('should route again when the earlier routing failed', async () => {
    repository.storedOutcome = {
      isSuccess: false,
      agent: AgentName.AgentHub,
      response: {},
      reply: null,
      isHumanHandover: false,
      attempts: 4,
    };
    const sut = createRoutingService(stub, repository);

    const outcome = await sut.route(notFirst());

    expect(outcome).toMatchObject({ isSuccess: true, agent: AgentName.BusinessWorkflow });
    expect(agents.calledAgents()).toEqual([AgentName.BusinessWorkflow]);
  });

  it('should throw when an attempt cannot be recorded', async () => {
    jest.spyOn(repository, 'recordAttempt').mockRejectedValue(new Error('database down'));
    const sut = createRoutingService(stub, repository);

    await expect(sut.route(requestFor(Category.General))).rejects.toThrow('database down');
  });
});
