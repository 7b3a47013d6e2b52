import { Logger } from '@nestjs/common';
import { Category, PriorityLevel } from 'src/analysis/message-analysis';
import { AppConfig } from 'src/config/app-config';
import { RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import type {
  AgentRoutingRepository,
  RoutingAttemptRecord,
} from 'src/routing/agent-routing.repository';
import {
  type AgentCallResult,
  AgentCallStatus,
  type AgentServiceClient,
} from 'src/routing/agent-service.client';
import { RoutingService } from 'src/routing/routing.service';

// AGENT_CIRCUIT_OPEN_MS's default.
const BREAKER_OPEN_MS = 30_000;
import type { RoutingRequest } from 'src/routing/routing-request';
import { AgentName, type RoutingOutcome } from 'src/routing/routing-outcome';
import { DEFAULT_ROUTING_RULES, parseRoutingRules } from 'src/routing/routing-rules';
import { buildInboundMessage } from 'test/factories/inbound-message.factory';
import { buildMessageAnalysis } from 'test/factories/message-analysis.factory';

type Answer = Partial<AgentCallResult> & { status: AgentCallStatus };

class FakeAgentServiceClient {
  readonly calls: { agent: AgentName; requestId: string }[] = [];
  private readonly scripts = new Map<AgentName, Answer[]>();

  script(agent: AgentName, ...answers: Answer[]): void {
    this.scripts.set(agent, answers);
  }

  processUrl(agent: AgentName): string {
    return `http://${agent}.test/process`;
  }

  process(agent: AgentName, _request: RoutingRequest, requestId: string): Promise<AgentCallResult> {
    this.calls.push({ agent, requestId });
    const script = this.scripts.get(agent) ?? [ok({})];
    const answer = script.length > 1 ? script.shift()! : script[0];
    return Promise.resolve({
      url: this.processUrl(agent),
      httpStatus: null,
      latencyMs: 12,
      body: null,
      error: null,
      ...answer,
    });
  }

  calledAgents(): AgentName[] {
    return this.calls.map((call) => call.agent);
  }
}

class FakeAgentRoutingRepository {
  readonly records: RoutingAttemptRecord[] = [];
  storedOutcome: RoutingOutcome | null = null;

  recordAttempt(record: RoutingAttemptRecord): Promise<void> {
    this.records.push(record);
    return Promise.resolve();
  }

  findOutcomeForMessage(): Promise<RoutingOutcome | null> {
    return Promise.resolve(this.storedOutcome);
  }

  rows(): [AgentName, number, boolean, RoutingAttemptStatus][] {
    return this.records.map((r) => [r.agent, r.attempt, r.isFallback, r.status]);
  }
}

function ok(body: unknown): Answer {
  return { status: AgentCallStatus.Succeeded, httpStatus: 200, body };
}

function httpError(httpStatus: number): Answer {
  return { status: AgentCallStatus.HttpError, httpStatus, error: `HTTP ${httpStatus}` };
}

const refused: Answer = { status: AgentCallStatus.ConnectionError, error: 'connection failed' };
const timedOut: Answer = { status: AgentCallStatus.Timeout, error: 'timed out after 300 ms' };

function requestFor(category: Category, priorityLevel = PriorityLevel.Normal): RoutingRequest {
  return {
    messageId: 42,
    message: buildInboundMessage(),
    analysis: buildMessageAnalysis({ category, priorityLevel }),
    history: [],
  };
}

describe(RoutingService.name, () => {
  let client: FakeAgentServiceClient;
  let repository: FakeAgentRoutingRepository;

  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  beforeEach(() => {
    client = new FakeAgentServiceClient();
    repository = new FakeAgentRoutingRepository();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  function createSut(maxAttempts = 2, rules = DEFAULT_ROUTING_RULES): RoutingService {
    return new RoutingService(
      client as unknown as AgentServiceClient,
      repository as unknown as AgentRoutingRepository,
      rules,
      AppConfig.fromEnv({ LOG_LEVEL: 'silent', AGENT_MAX_ATTEMPTS: String(maxAttempts) }),
    );
  }

  it('should call the agent the rules pick and return its answer and reply', async () => {
    client.script(AgentName.CodeDebugger, ok({ reply: 'Try restarting', ticket: 7 }));
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
    expect(repository.records).toEqual([
      {
        messageId: 42,
        agent: AgentName.CodeDebugger,
        url: 'http://code_debugger.test/process',
        attempt: 1,
        isFallback: false,
        status: RoutingAttemptStatus.Succeeded,
        httpStatus: 200,
        latencyMs: 12,
        error: null,
        responseBody: { reply: 'Try restarting', ticket: 7 },
      },
    ]);
  });

  it('should retry a 5xx, a 429 and a connection error on the same agent', async () => {
    client.script(AgentName.BusinessWorkflow, httpError(503), httpError(429), refused, ok({}));
    const sut = createSut(4);

    const outcome = await sut.route(requestFor(Category.Sales));

    expect(outcome).toMatchObject({ isSuccess: true, agent: AgentName.BusinessWorkflow });
    expect(outcome.attempts).toBe(4);
    expect(repository.rows()).toEqual([
      [AgentName.BusinessWorkflow, 1, false, RoutingAttemptStatus.Failed],
      [AgentName.BusinessWorkflow, 2, false, RoutingAttemptStatus.Failed],
      [AgentName.BusinessWorkflow, 3, false, RoutingAttemptStatus.Failed],
      [AgentName.BusinessWorkflow, 4, false, RoutingAttemptStatus.Succeeded],
    ]);
  });

  it('should let agent_hub take over when the attempts are used up', async () => {
    client.script(AgentName.GeneralPurpose, httpError(500));
    client.script(AgentName.AgentHub, ok({ reply: 'hub here' }));
    const sut = createSut();

    const outcome = await sut.route(requestFor(Category.Inquiry));

    expect(outcome).toMatchObject({
      isSuccess: true,
      agent: AgentName.AgentHub,
      reply: 'hub here',
      attempts: 3,
    });
    expect(repository.rows()).toEqual([
      [AgentName.GeneralPurpose, 1, false, RoutingAttemptStatus.Failed],
      [AgentName.GeneralPurpose, 2, false, RoutingAttemptStatus.Failed],
      [AgentName.AgentHub, 1, true, RoutingAttemptStatus.Succeeded],
    ]);
  });

  it.each([
    ['a timeout', timedOut],
    ['a 4xx', httpError(400)],
    ['an oversized answer', { status: AgentCallStatus.ResponseTooLarge, httpStatus: 200 }],
  ])('should not retry %s on the same agent', async (_name, answer) => {
    client.script(AgentName.CodeDebugger, answer);
    const sut = createSut(3);

    const outcome = await sut.route(requestFor(Category.Technical));

    expect(client.calledAgents()).toEqual([AgentName.CodeDebugger, AgentName.AgentHub]);
    expect(outcome).toMatchObject({ isSuccess: true, agent: AgentName.AgentHub, attempts: 2 });
  });

  it('should report failure with an empty response when every agent fails', async () => {
    client.script(AgentName.GeneralPurpose, refused);
    client.script(AgentName.AgentHub, httpError(502));
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
    client.script(AgentName.AgentHub, timedOut);
    const sut = createSut(2, rules);

    const outcome = await sut.route(requestFor(Category.General));

    expect(client.calledAgents()).toEqual([AgentName.AgentHub]);
    expect(outcome).toMatchObject({ isSuccess: false, agent: AgentName.AgentHub, attempts: 1 });
  });

  it('should treat a 2xx without a JSON object as success with an empty response', async () => {
    client.script(AgentName.GeneralPurpose, ok({}));
    const sut = createSut();

    const outcome = await sut.route(requestFor(Category.General));

    expect(outcome).toMatchObject({ isSuccess: true, response: {}, reply: null });
  });

  it('should open the breaker after five consecutive failures and skip the agent', async () => {
    client.script(AgentName.CodeDebugger, httpError(500));
    const sut = createSut(1);
    for (let i = 0; i < 5; i++) {
      await sut.route(requestFor(Category.Technical));
    }
    client.calls.length = 0;
    repository.records.length = 0;

    const outcome = await sut.route(requestFor(Category.Technical));

    expect(client.calledAgents()).toEqual([AgentName.AgentHub]);
    expect(outcome).toMatchObject({ isSuccess: true, agent: AgentName.AgentHub, attempts: 1 });
    expect(repository.rows()).toEqual([
      [AgentName.CodeDebugger, 1, false, RoutingAttemptStatus.Skipped],
      [AgentName.AgentHub, 1, true, RoutingAttemptStatus.Succeeded],
    ]);
    expect(repository.records[0]).toMatchObject({
      url: 'http://code_debugger.test/process',
      httpStatus: null,
      latencyMs: 0,
      error: 'circuit breaker open',
    });
  });

  it('should try the agent again once the breaker has been open long enough', async () => {
    client.script(AgentName.CodeDebugger, httpError(500));
    const sut = createSut(1);
    for (let i = 0; i < 5; i++) {
      await sut.route(requestFor(Category.Technical));
    }
    client.script(AgentName.CodeDebugger, ok({ reply: 'back' }));
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + BREAKER_OPEN_MS + 1);
    client.calls.length = 0;

    const outcome = await sut.route(requestFor(Category.Technical));

    expect(client.calledAgents()).toEqual([AgentName.CodeDebugger]);
    expect(outcome).toMatchObject({
      isSuccess: true,
      agent: AgentName.CodeDebugger,
      reply: 'back',
    });
  });

  it('should not count a 4xx toward the breaker', async () => {
    client.script(AgentName.CodeDebugger, httpError(422));
    const sut = createSut(1);
    for (let i = 0; i < 6; i++) {
      await sut.route(requestFor(Category.Technical));
    }

    expect(repository.records.map((record) => record.status)).not.toContain(
      RoutingAttemptStatus.Skipped,
    );
  });

  it('should keep one breaker per agent', async () => {
    client.script(AgentName.CodeDebugger, refused);
    const sut = createSut(1);
    for (let i = 0; i < 6; i++) {
      await sut.route(requestFor(Category.Technical));
    }
    client.calls.length = 0;

    await sut.route(requestFor(Category.Sales));

    expect(client.calledAgents()).toEqual([AgentName.BusinessWorkflow]);
  });

  it('should pass the request id of the webhook request to the agent', async () => {
    const sut = createSut();

    await sut.route({ ...requestFor(Category.General), requestId: 'req-123' });

    expect(client.calls[0].requestId).toBe('req-123');
  });

  it('should return the stored outcome of a message that was already routed', async () => {
    repository.storedOutcome = {
      isSuccess: true,
      agent: AgentName.BusinessWorkflow,
      response: { reply: 'earlier' },
      reply: 'earlier',
      isHumanHandover: false,
      attempts: 1,
    };
    const sut = createSut();

    const outcome = await sut.route(requestFor(Category.Sales));

    expect(outcome).toBe(repository.storedOutcome);
    expect(client.calls).toHaveLength(0);
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
    const sut = createSut();

    const outcome = await sut.route(requestFor(Category.Sales));

    expect(outcome).toMatchObject({ isSuccess: true, agent: AgentName.BusinessWorkflow });
  });

  it('should throw when an attempt cannot be recorded', async () => {
    jest.spyOn(repository, 'recordAttempt').mockRejectedValue(new Error('database down'));
    const sut = createSut();

    await expect(sut.route(requestFor(Category.General))).rejects.toThrow('database down');
  });
});
