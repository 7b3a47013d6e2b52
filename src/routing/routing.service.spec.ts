import { Category, PriorityLevel } from 'src/core/message-analysis';
import { RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import { AgentServiceClient } from 'src/routing/agent-service.client';
import { AgentName } from 'src/core/routing-outcome';
import { parseRoutingRules } from 'src/routing/routing-rules';
import { RoutingService } from 'src/routing/routing.service';
import {
  AGENT_TIMEOUT_MS,
  createRoutingService,
  dropped,
  httpError,
  ok,
  oversized,
  requestFor,
  timedOut,
} from 'test/setup/routing-service-kit';
import { useRoutingHarness } from 'test/setup/routing-harness';

describe(RoutingService.name, () => {
  const h = useRoutingHarness();

  const createSut = (maxAttempts?: number, rules?: Parameters<typeof createRoutingService>[3]) =>
    createRoutingService(h.stub, h.repository, maxAttempts, rules);

  it('should call the agent the rules pick and return its answer and reply', async () => {
    h.agents.script(AgentName.CodeDebugger, ok({ reply: 'Try restarting', ticket: 7 }));
    const sut = createSut();

    const outcome = await sut.route(requestFor(Category.Technical));

    expect(outcome).toEqual({
      isSuccess: true,
      agent: AgentName.CodeDebugger,
      response: { reply: 'Try restarting', ticket: 7 },
      reply: 'Try restarting',
      isHumanHandover: false,
      attempts: 1,
    });
    expect(h.repository.records).toEqual([
      {
        messageId: 42,
        agent: AgentName.CodeDebugger,
        url: h.agents.urlOf(AgentName.CodeDebugger),
        attempt: 1,
        isFallback: false,
        status: RoutingAttemptStatus.Succeeded,
        httpStatus: 200,
        latencyMs: expect.any(Number) as number,
        error: null,
        responseBody: { reply: 'Try restarting', ticket: 7 },
      },
    ]);
  });

  it('should retry a 5xx, a 429 and a dropped connection on the same agent', async () => {
    h.agents.script(AgentName.BusinessWorkflow, httpError(503), httpError(429), dropped, ok({}));
    const sut = createSut(4);

    const outcome = await sut.route(requestFor(Category.Sales));

    expect(outcome).toMatchObject({ isSuccess: true, agent: AgentName.BusinessWorkflow });
    expect(outcome.attempts).toBe(4);
    expect(h.repository.rows()).toEqual([
      [AgentName.BusinessWorkflow, 1, false, RoutingAttemptStatus.Failed],
      [AgentName.BusinessWorkflow, 2, false, RoutingAttemptStatus.Failed],
      [AgentName.BusinessWorkflow, 3, false, RoutingAttemptStatus.Failed],
      [AgentName.BusinessWorkflow, 4, false, RoutingAttemptStatus.Succeeded],
    ]);
    expect(h.repository.records.map((record) => record.error)).toEqual([
      'HTTP 503',
      'HTTP 429',
      'connection failed (ECONNRESET)',
      null,
    ]);
  });

  it('should let agent_hub take over when the attempts are used up', async () => {
    h.agents.script(AgentName.GeneralPurpose, httpError(500));
    h.agents.script(AgentName.AgentHub, ok({ reply: 'hub here' }));
    const sut = createSut();

    const outcome = await sut.route(requestFor(Category.Inquiry));

    expect(outcome).toMatchObject({
      isSuccess: true,
      agent: AgentName.AgentHub,
      reply: 'hub here',
      attempts: 3,
    });
    expect(h.repository.rows()).toEqual([
      [AgentName.GeneralPurpose, 1, false, RoutingAttemptStatus.Failed],
      [AgentName.GeneralPurpose, 2, false, RoutingAttemptStatus.Failed],
      [AgentName.AgentHub, 1, true, RoutingAttemptStatus.Succeeded],
    ]);
  });

  it.each([
    ['a timeout', timedOut, `timed out after ${AGENT_TIMEOUT_MS} ms`],
    ['a 4xx', httpError(400), 'HTTP 400'],
    [
      'an oversized answer',
      oversized,
      `response larger than ${AgentServiceClient.MAX_RESPONSE_BYTES} bytes`,
    ],
  ])('should not retry %s on the same agent', async (_name, answer, error) => {
    h.agents.script(AgentName.CodeDebugger, answer);
    const sut = createSut(3);

    const outcome = await sut.route(requestFor(Category.Technical));

    expect(h.agents.calledAgents()).toEqual([AgentName.CodeDebugger, AgentName.AgentHub]);
    expect(outcome).toMatchObject({ isSuccess: true, agent: AgentName.AgentHub, attempts: 2 });
    expect(h.repository.records[0].error).toBe(error);
  });

  it('should report failure with an empty response when every agent fails', async () => {
    h.agents.script(AgentName.GeneralPurpose, dropped);
    h.agents.script(AgentName.AgentHub, httpError(502));
    const sut = createSut();

    const outcome = await sut.route(requestFor(Category.General, PriorityLevel.Critical));

    expect(outcome).toEqual({
      isSuccess: false,
      agent: AgentName.AgentHub,
      response: {},
      reply: null,
      isHumanHandover: true,
      attempts: 4,
    });
  });

  it('should not fall back when agent_hub itself was chosen', async () => {
    const rules = parseRoutingRules({ rules: [], defaultAgent: 'agent_hub' }, 'inline');
    h.agents.script(AgentName.AgentHub, timedOut);
    const sut = createSut(2, rules);

    const outcome = await sut.route(requestFor(Category.General));

    expect(h.agents.calledAgents()).toEqual([AgentName.AgentHub]);
    expect(outcome).toMatchObject({ isSuccess: false, agent: AgentName.AgentHub, attempts: 1 });
  });

  it('should treat a 2xx without a JSON object as success with an empty response', async () => {
    h.agents.script(AgentName.GeneralPurpose, { status: 200, body: 'accepted' });
    const sut = createSut();

    const outcome = await sut.route(requestFor(Category.General));

    expect(outcome).toMatchObject({ isSuccess: true, response: {}, reply: null });
  });

  it('should pass the request id of the webhook request to the agent', async () => {
    const sut = createSut();

    await sut.route({ ...requestFor(Category.General), requestId: 'req-123' });

    expect(h.agents.requestIds()).toEqual(['req-123']);
  });
});
