import { Category } from 'src/core/message-analysis';
import { AgentName } from 'src/core/routing-outcome';
import { AgentRouting, RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import { RoutingService } from 'src/routing/routing.service';
import { RoutingDatabaseHarness } from 'test/setup/routing-database-harness';
import { testDatabaseKinds } from 'test/setup/test-database';

// Which agent a message goes to, what it is sent, and the fallbacks and breaker when agents fail.
describe(RoutingService.name, () => {
  describe.each(testDatabaseKinds())('on %s', (kind) => {
    const h = RoutingDatabaseHarness.use(kind);

    it.each([
      [Category.Technical, AgentName.CodeDebugger],
      [Category.Sales, AgentName.BusinessWorkflow],
      [Category.Complaint, AgentName.BusinessWorkflow],
      [Category.Support, AgentName.GeneralPurpose],
      [Category.General, AgentName.GeneralPurpose],
    ])('should send a %s message to %s', async (category, agent) => {
      await h.start();
      const request = await h.requestFor(category);

      const outcome = await h.sut.route(request);

      expect(outcome).toEqual({
        isSuccess: true,
        agent,
        response: {},
        reply: null,
        isHumanHandover: false,
        attempts: 1,
      });
      for (const other of Object.values(AgentName)) {
        expect(h.agents[other].requests).toHaveLength(other === agent ? 1 : 0);
      }
      expect(await h.rowsOf(request.messageId)).toEqual([
        [agent, 1, false, RoutingAttemptStatus.Succeeded, 200],
      ]);
    });

    it('should send the agent the message, analysis, idempotency key and request id', async () => {
      await h.start();
      const request = await h.requestFor(Category.Technical);

      await h.sut.route({ ...request, requestId: 'req-abc' });

      const [received] = h.agents[AgentName.CodeDebugger].requests;
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
      await h.start();
      let calls = 0;
      h.agents[AgentName.BusinessWorkflow].respondWith(() => {
        calls += 1;
        return calls === 1 ? { status: 503, body: { error: 'busy' } } : { status: 200, body: {} };
      });
      const request = await h.requestFor(Category.Sales);

      const outcome = await h.sut.route(request);

      expect(outcome).toMatchObject({ isSuccess: true, agent: AgentName.BusinessWorkflow });
      const keys = h.agents[AgentName.BusinessWorkflow].requests.map(
        (received) => received.headers['idempotency-key'],
      );
      expect(keys).toEqual([
        `msg-${request.messageId}-business_workflow`,
        `msg-${request.messageId}-business_workflow`,
      ]);
      expect(await h.rowsOf(request.messageId)).toEqual([
        [AgentName.BusinessWorkflow, 1, false, RoutingAttemptStatus.Failed, 503],
        [AgentName.BusinessWorkflow, 2, false, RoutingAttemptStatus.Succeeded, 200],
      ]);
    });

    it('should let agent_hub take over when the agent refuses connections', async () => {
      await h.start({ AGENT_CODE_DEBUGGER_URL: h.closedUrl });
      h.agents[AgentName.AgentHub].respondWith(() => ({ status: 200, body: { reply: 'hub' } }));
      const request = await h.requestFor(Category.Technical);

      const outcome = await h.sut.route(request);

      expect(outcome).toMatchObject({
        isSuccess: true,
        agent: AgentName.AgentHub,
        reply: 'hub',
        attempts: 3,
      });
      expect(await h.rowsOf(request.messageId)).toEqual([
        [AgentName.CodeDebugger, 1, false, RoutingAttemptStatus.Failed, null],
        [AgentName.CodeDebugger, 2, false, RoutingAttemptStatus.Failed, null],
        [AgentName.AgentHub, 1, true, RoutingAttemptStatus.Succeeded, 200],
      ]);
      const [failed] = await h.dataSource
        .getRepository(AgentRouting)
        .find({ where: { messageId: request.messageId }, order: { id: 'ASC' } });
      expect(failed.url).toBe(`${h.closedUrl}/process`);
      expect(failed.error).toBe('connection failed (ECONNREFUSED)');
    });

    it('should let agent_hub take over when the agent answers 500', async () => {
      await h.start();
      h.agents[AgentName.GeneralPurpose].respondWith(() => ({ status: 500, body: 'oops' }));
      const request = await h.requestFor(Category.Inquiry);

      const outcome = await h.sut.route(request);

      expect(outcome).toMatchObject({ isSuccess: true, agent: AgentName.AgentHub, attempts: 3 });
      expect(h.agents[AgentName.GeneralPurpose].requests).toHaveLength(2);
      expect(await h.rowsOf(request.messageId)).toEqual([
        [AgentName.GeneralPurpose, 1, false, RoutingAttemptStatus.Failed, 500],
        [AgentName.GeneralPurpose, 2, false, RoutingAttemptStatus.Failed, 500],
        [AgentName.AgentHub, 1, true, RoutingAttemptStatus.Succeeded, 200],
      ]);
    });

    it('should let agent_hub take over after one timeout without retrying', async () => {
      await h.start();
      h.agents[AgentName.CodeDebugger].respondWith(() => ({
        status: 200,
        body: {},
        delayMs: 1500,
      }));
      const request = await h.requestFor(Category.Technical);

      const outcome = await h.sut.route(request);

      expect(outcome).toMatchObject({ isSuccess: true, agent: AgentName.AgentHub, attempts: 2 });
      expect(h.agents[AgentName.CodeDebugger].requests).toHaveLength(1);
      const rows = await h.dataSource
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
      await h.start();
      h.agents[AgentName.CodeDebugger].respondWith(() => ({ status: 502, body: {} }));
      const requests = [];
      for (let i = 0; i < 4; i++) {
        requests.push(await h.requestFor(Category.Technical));
      }

      const outcomes = [];
      for (const request of requests) {
        outcomes.push(await h.sut.route(request));
      }

      // Two attempts per message: the fifth consecutive failure (third message) opens it.
      expect(h.agents[AgentName.CodeDebugger].requests).toHaveLength(5);
      expect(outcomes.every((outcome) => outcome.agent === AgentName.AgentHub)).toBe(true);
      expect(outcomes.map((outcome) => outcome.attempts)).toEqual([3, 3, 2, 1]);
      expect(await h.rowsOf(requests[2].messageId)).toEqual([
        [AgentName.CodeDebugger, 1, false, RoutingAttemptStatus.Failed, 502],
        [AgentName.CodeDebugger, 2, false, RoutingAttemptStatus.Skipped, null],
        [AgentName.AgentHub, 1, true, RoutingAttemptStatus.Succeeded, 200],
      ]);
      expect(await h.rowsOf(requests[3].messageId)).toEqual([
        [AgentName.CodeDebugger, 1, false, RoutingAttemptStatus.Skipped, null],
        [AgentName.AgentHub, 1, true, RoutingAttemptStatus.Succeeded, 200],
      ]);

      const other = await h.requestFor(Category.Sales);
      await h.sut.route(other);
      expect(await h.rowsOf(other.messageId)).toEqual([
        [AgentName.BusinessWorkflow, 1, false, RoutingAttemptStatus.Succeeded, 200],
      ]);
    });
  });
});
