import { Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { getRepositoryToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Category, PriorityLevel, ResponseTime, Sentiment } from 'src/core/message-analysis';
import { AppConfig } from 'src/config/app-config';
import { AppConfigModule } from 'src/config/app-config.module';
import { MessageStatus } from 'src/core/message-status';
import { AgentRouting, RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import { AgentRoutingRepository } from 'src/routing/agent-routing.repository';
import { AgentServiceClient } from 'src/routing/agent-service.client';
import { RoutingModule } from 'src/routing/routing.module';
import { RoutingService } from 'src/routing/routing.service';
import type { RoutingRequest } from 'src/routing/routing-request';
import { AgentName } from 'src/core/routing-outcome';
import { RoutingRulesError } from 'src/routing/routing-rules.error';
import { buildInboundMessage } from 'test/factories/inbound-message.factory';
import { buildMessageAnalysis } from 'test/factories/message-analysis.factory';
import { useRoutingRulesFiles } from 'test/factories/routing-rules-file.factory';
import { createDatabaseTestingModule } from 'test/factories/testing-module.factory';
import {
  buildWebhookMessageRowFor,
  insertWebhookMessage,
} from 'test/factories/webhook-message.factory';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestDatabase, testDatabaseKinds, truncateAll } from 'test/setup/test-database';

const AGENT_URL_VARIABLES: Record<AgentName, string> = {
  [AgentName.GeneralPurpose]: 'AGENT_GENERAL_PURPOSE_URL',
  [AgentName.BusinessWorkflow]: 'AGENT_BUSINESS_WORKFLOW_URL',
  [AgentName.CodeDebugger]: 'AGENT_CODE_DEBUGGER_URL',
  [AgentName.AgentHub]: 'AGENT_HUB_URL',
};

type Row = [
  agent: string,
  attempt: number,
  isFallback: boolean,
  status: string,
  http: number | null,
];

describe(RoutingService.name, () => {
  describe.each(testDatabaseKinds())('on %s', (kind) => {
    let database: TestDatabase;
    const agents = {} as Record<AgentName, StubHttpServer>;
    let closedUrl: string;
    let moduleRef: TestingModule | null = null;
    let dataSource: DataSource;
    let sut: RoutingService;
    let sequence = 0;

    beforeAll(async () => {
      Logger.overrideLogger(false);
      database = await TestDatabase.create(kind);
      for (const agent of Object.values(AgentName)) {
        agents[agent] = await StubHttpServer.start();
      }
      // A port nobody listens on: connection refused.
      const closed = await StubHttpServer.start();
      closedUrl = closed.url;
      await closed.stop();
    });

    afterAll(async () => {
      for (const stub of Object.values(agents)) {
        await stub.stop();
      }
      await database.drop();
    });

    afterEach(async () => {
      await moduleRef?.close();
      moduleRef = null;
    });

    async function start(overrides: Record<string, string> = {}): Promise<void> {
      const env: Record<string, string> = { AGENT_TIMEOUT_MS: '300', AGENT_MAX_ATTEMPTS: '2' };
      for (const agent of Object.values(AgentName)) {
        env[AGENT_URL_VARIABLES[agent]] = agents[agent].url;
        agents[agent].reset();
      }
      const config = database.config({ ...env, ...overrides });
      moduleRef = await createDatabaseTestingModule(config, [RoutingModule]).compile();
      dataSource = moduleRef.get(DataSource);
      await truncateAll(dataSource);
      sut = moduleRef.get(RoutingService);
    }

    async function requestFor(
      category: Category,
      priorityLevel = PriorityLevel.Normal,
    ): Promise<RoutingRequest> {
      sequence += 1;
      const receivedAt = new Date();
      const message = buildInboundMessage({
        externalId: `izer-${sequence}`,
        conversationId: '+905551234567',
        conversationName: 'VIP Customers',
        sender: { id: '+905551234567', name: 'Ayşe Yılmaz', phone: '+905551234567' },
        text: 'Bisikletimin zinciri koptu, acil yardım lütfen 🚲',
        sentAt: receivedAt,
        receivedAt,
      });
      const row = await insertWebhookMessage(
        dataSource,
        buildWebhookMessageRowFor(message, { status: MessageStatus.Analyzed }),
      );
      const analysis = buildMessageAnalysis({
        urgencyScore: 8,
        category,
        sentiment: Sentiment.Negative,
        keywords: ['zincir', 'acil'],
        priorityLevel,
        isActionRequired: true,
        recommendedResponseTime: ResponseTime.OneHour,
        language: 'tr',
        reasoning: 'broken part, urgent words',
        shouldNotify: true,
        vipBoost: 2,
      });
      const history = [
        { sender: 'Ayşe Yılmaz', content: 'Merhaba', sentAt: new Date(0), type: 'text' },
      ];
      return { messageId: row.id, message, analysis, history };
    }

    async function rowsOf(messageId: number): Promise<Row[]> {
      const rows = await dataSource
        .getRepository(AgentRouting)
        .find({ where: { messageId }, order: { id: 'ASC' } });
      return rows.map((row) => [
        row.agent,
        row.attempt,
        row.isFallback,
        row.status,
        row.httpStatus,
      ]);
    }

    it.each([
      [Category.Technical, AgentName.CodeDebugger],
      [Category.Sales, AgentName.BusinessWorkflow],
      [Category.Complaint, AgentName.BusinessWorkflow],
      [Category.Support, AgentName.GeneralPurpose],
      [Category.General, AgentName.GeneralPurpose],
    ])('should send a %s message to %s', async (category, agent) => {
      await start();
      const request = await requestFor(category);

      const outcome = await sut.route(request);

      expect(outcome).toEqual({
        isSuccess: true,
        agent,
        response: {},
        reply: null,
        isHumanHandover: false,
        attempts: 1,
      });
      for (const other of Object.values(AgentName)) {
        expect(agents[other].requests).toHaveLength(other === agent ? 1 : 0);
      }
      expect(await rowsOf(request.messageId)).toEqual([
        [agent, 1, false, RoutingAttemptStatus.Succeeded, 200],
      ]);
    });

    it('should send the agent the message, analysis, idempotency key and request id', async () => {
      await start();
      const request = await requestFor(Category.Technical);

      await sut.route({ ...request, requestId: 'req-abc' });

      const [received] = agents[AgentName.CodeDebugger].requests;
      expect(received.method).toBe('POST');
      expect(received.path).toBe('/process');
      expect(received.headers['idempotency-key']).toBe(`msg-${request.messageId}-code_debugger`);
      expect(received.headers['x-request-id']).toBe('req-abc');
      expect(received.json).toEqual({
        message_id: request.message.externalId,
        database_id: request.messageId,
        platform: 'izer',
        conversation_id: '+905551234567',
        sender: { id: '+905551234567', name: 'Ayşe Yılmaz', phone: '+905551234567' },
        text: 'Bisikletimin zinciri koptu, acil yardım lütfen 🚲',
        human_handover: false,
        history: [
          {
            sender: 'Ayşe Yılmaz',
            content: 'Merhaba',
            timestamp: '1970-01-01T00:00:00.000Z',
            type: 'text',
          },
        ],
        analysis: {
          urgency_score: 8,
          category: 'technical',
          sentiment: 'negative',
          keywords: ['zincir', 'acil'],
          priority_level: 'normal',
          action_required: true,
          recommended_response_time: '1hour',
          language: 'tr',
          analyzer: 'heuristic',
        },
      });
    });

    it('should use the same idempotency key on a retry', async () => {
      await start();
      let calls = 0;
      agents[AgentName.BusinessWorkflow].respondWith(() => {
        calls += 1;
        return calls === 1 ? { status: 503, body: { error: 'busy' } } : { status: 200, body: {} };
      });
      const request = await requestFor(Category.Sales);

      const outcome = await sut.route(request);

      expect(outcome).toMatchObject({ isSuccess: true, agent: AgentName.BusinessWorkflow });
      const keys = agents[AgentName.BusinessWorkflow].requests.map(
        (received) => received.headers['idempotency-key'],
      );
      expect(keys).toEqual([
        `msg-${request.messageId}-business_workflow`,
        `msg-${request.messageId}-business_workflow`,
      ]);
      expect(await rowsOf(request.messageId)).toEqual([
        [AgentName.BusinessWorkflow, 1, false, RoutingAttemptStatus.Failed, 503],
        [AgentName.BusinessWorkflow, 2, false, RoutingAttemptStatus.Succeeded, 200],
      ]);
    });

    it('should let agent_hub take over when the agent refuses connections', async () => {
      await start({ AGENT_CODE_DEBUGGER_URL: closedUrl });
      agents[AgentName.AgentHub].respondWith(() => ({ status: 200, body: { reply: 'hub' } }));
      const request = await requestFor(Category.Technical);

      const outcome = await sut.route(request);

      expect(outcome).toMatchObject({
        isSuccess: true,
        agent: AgentName.AgentHub,
        reply: 'hub',
        attempts: 3,
      });
      expect(await rowsOf(request.messageId)).toEqual([
        [AgentName.CodeDebugger, 1, false, RoutingAttemptStatus.Failed, null],
        [AgentName.CodeDebugger, 2, false, RoutingAttemptStatus.Failed, null],
        [AgentName.AgentHub, 1, true, RoutingAttemptStatus.Succeeded, 200],
      ]);
      const [failed] = await dataSource
        .getRepository(AgentRouting)
        .find({ where: { messageId: request.messageId }, order: { id: 'ASC' } });
      expect(failed.url).toBe(`${closedUrl}/process`);
      expect(failed.error).toBe('connection failed (ECONNREFUSED)');
    });

    it('should let agent_hub take over when the agent answers 500', async () => {
      await start();
      agents[AgentName.GeneralPurpose].respondWith(() => ({ status: 500, body: 'oops' }));
      const request = await requestFor(Category.Inquiry);

      const outcome = await sut.route(request);

      expect(outcome).toMatchObject({ isSuccess: true, agent: AgentName.AgentHub, attempts: 3 });
      expect(agents[AgentName.GeneralPurpose].requests).toHaveLength(2);
      expect(await rowsOf(request.messageId)).toEqual([
        [AgentName.GeneralPurpose, 1, false, RoutingAttemptStatus.Failed, 500],
        [AgentName.GeneralPurpose, 2, false, RoutingAttemptStatus.Failed, 500],
        [AgentName.AgentHub, 1, true, RoutingAttemptStatus.Succeeded, 200],
      ]);
    });

    it('should let agent_hub take over after one timeout without retrying', async () => {
      await start();
      agents[AgentName.CodeDebugger].respondWith(() => ({ status: 200, body: {}, delayMs: 1500 }));
      const request = await requestFor(Category.Technical);

      const outcome = await sut.route(request);

      expect(outcome).toMatchObject({ isSuccess: true, agent: AgentName.AgentHub, attempts: 2 });
      expect(agents[AgentName.CodeDebugger].requests).toHaveLength(1);
      const rows = await dataSource
        .getRepository(AgentRouting)
        .find({ where: { messageId: request.messageId }, order: { id: 'ASC' } });
      expect(rows.map((row) => [row.agent, row.status, row.httpStatus, row.error])).toEqual([
        [AgentName.CodeDebugger, RoutingAttemptStatus.Failed, null, 'timed out after 300 ms'],
        [AgentName.AgentHub, RoutingAttemptStatus.Succeeded, 200, null],
      ]);
      expect(rows[0].latencyMs).toBeGreaterThanOrEqual(250);
      expect(rows[0].latencyMs).toBeLessThan(1500);
    });

    it('should stop calling an agent once its breaker opens and record skipped calls', async () => {
      await start();
      agents[AgentName.CodeDebugger].respondWith(() => ({ status: 502, body: {} }));
      const requests = [];
      for (let i = 0; i < 4; i++) {
        requests.push(await requestFor(Category.Technical));
      }

      const outcomes = [];
      for (const request of requests) {
        outcomes.push(await sut.route(request));
      }

      // Two attempts per message: the fifth consecutive failure (third message) opens it.
      expect(agents[AgentName.CodeDebugger].requests).toHaveLength(5);
      expect(outcomes.every((outcome) => outcome.agent === AgentName.AgentHub)).toBe(true);
      expect(outcomes.map((outcome) => outcome.attempts)).toEqual([3, 3, 2, 1]);
      expect(await rowsOf(requests[2].messageId)).toEqual([
        [AgentName.CodeDebugger, 1, false, RoutingAttemptStatus.Failed, 502],
        [AgentName.CodeDebugger, 2, false, RoutingAttemptStatus.Skipped, null],
        [AgentName.AgentHub, 1, true, RoutingAttemptStatus.Succeeded, 200],
      ]);
      expect(await rowsOf(requests[3].messageId)).toEqual([
        [AgentName.CodeDebugger, 1, false, RoutingAttemptStatus.Skipped, null],
        [AgentName.AgentHub, 1, true, RoutingAttemptStatus.Succeeded, 200],
      ]);

      const other = await requestFor(Category.Sales);
      await sut.route(other);
      expect(await rowsOf(other.messageId)).toEqual([
        [AgentName.BusinessWorkflow, 1, false, RoutingAttemptStatus.Succeeded, 200],
      ]);
    });

    it('should return the agent reply and keep its answer in agent_routing', async () => {
      await start();
      const answer = { reply: 'Merhaba! Zincir için servis kaydı açtık 🔧', ticket: { id: 7 } };
      agents[AgentName.BusinessWorkflow].respondWith(() => ({ status: 200, body: answer }));
      const request = await requestFor(Category.Complaint, PriorityLevel.Critical);

      const outcome = await sut.route(request);

      const expected = {
        isSuccess: true,
        agent: AgentName.BusinessWorkflow,
        response: answer,
        reply: answer.reply,
        isHumanHandover: true,
        attempts: 1,
      };
      expect(outcome).toEqual(expected);
      const repository = moduleRef!.get(AgentRoutingRepository);
      expect(await repository.findOutcomeForMessage(request.messageId, request.analysis)).toEqual(
        expected,
      );
      expect(await repository.countAttemptsForMessage(request.messageId)).toBe(1);
    });

    it('should not keep an answer bigger than the limit', async () => {
      await start();
      const reply = 'x'.repeat(AgentServiceClient.MAX_RESPONSE_BYTES);
      agents[AgentName.GeneralPurpose].respondWith(() => ({ status: 200, body: { reply } }));
      const request = await requestFor(Category.General);

      const outcome = await sut.route(request);

      expect(outcome).toMatchObject({ isSuccess: true, agent: AgentName.AgentHub, attempts: 2 });
      const rows = await dataSource
        .getRepository(AgentRouting)
        .find({ where: { messageId: request.messageId }, order: { id: 'ASC' } });
      expect(rows[0]).toMatchObject({ status: RoutingAttemptStatus.Failed, responseBody: null });
    });

    it('should report failure when every agent is down', async () => {
      await start({ AGENT_CODE_DEBUGGER_URL: closedUrl });
      agents[AgentName.AgentHub].respondWith(() => ({ status: 503, body: {} }));
      const request = await requestFor(Category.Technical);

      const outcome = await sut.route(request);

      expect(outcome).toEqual({
        isSuccess: false,
        agent: AgentName.AgentHub,
        response: {},
        reply: null,
        isHumanHandover: false,
        attempts: 4,
      });
      expect(await rowsOf(request.messageId)).toEqual([
        [AgentName.CodeDebugger, 1, false, RoutingAttemptStatus.Failed, null],
        [AgentName.CodeDebugger, 2, false, RoutingAttemptStatus.Failed, null],
        [AgentName.AgentHub, 1, true, RoutingAttemptStatus.Failed, 503],
        [AgentName.AgentHub, 2, true, RoutingAttemptStatus.Failed, 503],
      ]);
      const repository = moduleRef!.get(AgentRoutingRepository);
      expect(await repository.findOutcomeForMessage(request.messageId, request.analysis)).toEqual(
        outcome,
      );
    });

    it('should answer a reprocessed message from agent_routing without calling the agent again', async () => {
      await start();
      agents[AgentName.CodeDebugger].respondWith(() => ({ status: 200, body: { reply: 'done' } }));
      const request = await requestFor(Category.Technical);
      const first = await sut.route(request);

      const second = await sut.route(request);

      expect(second).toEqual(first);
      expect(agents[AgentName.CodeDebugger].requests).toHaveLength(1);
      expect(await rowsOf(request.messageId)).toHaveLength(1);
    });

    describe('with ROUTING_RULES_FILE', () => {
      const rulesFiles = useRoutingRulesFiles('routing-int-');

      it('should route by the rules of the file', async () => {
        const file = rulesFiles.write(
          JSON.stringify({
            rules: [{ when: { language: ['tr'], minUrgency: 8 }, agent: 'business_workflow' }],
            defaultAgent: 'general_purpose',
            fallbackAgent: 'agent_hub',
            humanHandover: { priorityLevels: ['critical', 'high'] },
          }),
        );
        await start({ ROUTING_RULES_FILE: file });
        const request = await requestFor(Category.Technical, PriorityLevel.High);

        const outcome = await sut.route(request);

        expect(outcome).toMatchObject({
          isSuccess: true,
          agent: AgentName.BusinessWorkflow,
          isHumanHandover: true,
        });
      });
    });

    it('should find no outcome for a message that was never routed', async () => {
      await start();
      const request = await requestFor(Category.General);
      const repository = moduleRef!.get(AgentRoutingRepository);

      expect(
        await repository.findOutcomeForMessage(request.messageId, request.analysis),
      ).toBeNull();
      expect(await repository.countAttemptsForMessage(request.messageId)).toBe(0);
    });
  });
});

describe(RoutingModule.name, () => {
  const rulesFiles = useRoutingRulesFiles('routing-module-');

  it('should refuse to start with a rules file naming an unknown agent', async () => {
    const file = rulesFiles.write(JSON.stringify({ rules: [{ when: {}, agent: 'sales_bot' }] }));
    const config = AppConfig.fromEnv({ LOG_LEVEL: 'silent', ROUTING_RULES_FILE: file });

    // The database plays no part in reading the rules, so none is opened.
    const starting = Test.createTestingModule({
      imports: [AppConfigModule.forRoot(config), RoutingModule],
    })
      .overrideProvider(getRepositoryToken(AgentRouting))
      .useValue({})
      .compile();

    await expect(starting).rejects.toBeInstanceOf(RoutingRulesError);
    await expect(starting).rejects.toThrow(
      `Invalid routing rules file ${file} (ROUTING_RULES_FILE):\n` +
        '  rules[0].agent: "sales_bot" is not an agent',
    );
  });
});
