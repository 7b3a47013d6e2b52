import { Test } from '@nestjs/testing';
import { getRepositoryToken } from '@nestjs/typeorm';
import { Category, PriorityLevel } from 'src/core/message-analysis';
import { AppConfig } from 'src/config/app-config';
import { AppConfigModule } from 'src/config/app-config.module';
import { AgentName } from 'src/core/routing-outcome';
import { AgentRouting, RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import { AgentRoutingRepository } from 'src/routing/agent-routing.repository';
import { AgentServiceClient } from 'src/routing/agent-service.client';
import { RoutingModule } from 'src/routing/routing.module';
import { RoutingRulesError } from 'src/routing/routing-rules.error';
import { RoutingService } from 'src/routing/routing.service';
import { useRoutingRulesFiles } from 'test/factories/routing-rules-file.factory';
import { RoutingDatabaseHarness } from 'test/setup/routing-database-harness';
import { testDatabaseKinds } from 'test/setup/test-database';

// What routing keeps of the agents' answers in agent_routing, and reads back on reprocessing.
describe(`${RoutingService.name} answers`, () => {
  describe.each(testDatabaseKinds())('on %s', (kind) => {
    const h = RoutingDatabaseHarness.use(kind);

    it('should return the agent reply and keep its answer in agent_routing', async () => {
      await h.start();
      const answer = { reply: 'Merhaba! Zincir için servis kaydı açtık 🔧', ticket: { id: 7 } };
      h.agents[AgentName.BusinessWorkflow].respondWith(() => ({ status: 200, body: answer }));
      const request = await h.requestFor(Category.Complaint, PriorityLevel.Critical);

      const outcome = await h.sut.route(request);

      const expected = {
        isSuccess: true,
        agent: AgentName.BusinessWorkflow,
        response: answer,
        reply: answer.reply,
        isHumanHandover: true,
        attempts: 1,
      };
      expect(outcome).toEqual(expected);
      const repository = h.moduleRef.get(AgentRoutingRepository);
      expect(await repository.findOutcomeForMessage(request.messageId, request.analysis)).toEqual(
        expected,
      );
      expect(await repository.countAttemptsForMessage(request.messageId)).toBe(1);
    });

    it('should not keep an answer bigger than the limit', async () => {
      await h.start();
      const reply = 'x'.repeat(AgentServiceClient.MAX_RESPONSE_BYTES);
      h.agents[AgentName.GeneralPurpose].respondWith(() => ({ status: 200, body: { reply } }));
      const request = await h.requestFor(Category.General);

      const outcome = await h.sut.route(request);

      expect(outcome).toMatchObject({ isSuccess: true, agent: AgentName.AgentHub, attempts: 2 });
      const rows = await h.dataSource
        .getRepository(AgentRouting)
        .find({ where: { messageId: request.messageId }, order: { id: 'ASC' } });
      expect(rows[0]).toMatchObject({ status: RoutingAttemptStatus.Failed, responseBody: null });
    });

    it('should report failure when every agent is down', async () => {
      await h.start({ AGENT_CODE_DEBUGGER_URL: h.closedUrl });
      h.agents[AgentName.AgentHub].respondWith(() => ({ status: 503, body: {} }));
      const request = await h.requestFor(Category.Technical);

      const outcome = await h.sut.route(request);

      expect(outcome).toEqual({
        isSuccess: false,
        agent: AgentName.AgentHub,
        response: {},
        reply: null,
        isHumanHandover: false,
        attempts: 4,
      });
      expect(await h.rowsOf(request.messageId)).toEqual([
        [AgentName.CodeDebugger, 1, false, RoutingAttemptStatus.Failed, null],
        [AgentName.CodeDebugger, 2, false, RoutingAttemptStatus.Failed, null],
        [AgentName.AgentHub, 1, true, RoutingAttemptStatus.Failed, 503],
        [AgentName.AgentHub, 2, true, RoutingAttemptStatus.Failed, 503],
      ]);
      const repository = h.moduleRef.get(AgentRoutingRepository);
      expect(await repository.findOutcomeForMessage(request.messageId, request.analysis)).toEqual(
        outcome,
      );
    });

    it('should answer a reprocessed message from agent_routing without calling the agent again', async () => {
      await h.start();
      h.agents[AgentName.CodeDebugger].respondWith(() => ({
        status: 200,
        body: { reply: 'done' },
      }));
      const request = await h.requestFor(Category.Technical);
      const first = await h.sut.route(request);

      const second = await h.sut.route(request);

      expect(second).toEqual(first);
      expect(h.agents[AgentName.CodeDebugger].requests).toHaveLength(1);
      expect(await h.rowsOf(request.messageId)).toHaveLength(1);
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
        await h.start({ ROUTING_RULES_FILE: file });
        const request = await h.requestFor(Category.Technical, PriorityLevel.High);

        const outcome = await h.sut.route(request);

        expect(outcome).toMatchObject({
          isSuccess: true,
          agent: AgentName.BusinessWorkflow,
          isHumanHandover: true,
        });
      });
    });

    it('should find no outcome for a message that was never routed', async () => {
      await h.start();
      const request = await h.requestFor(Category.General);
      const repository = h.moduleRef.get(AgentRoutingRepository);

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
