import { type AgentRequestBody, API_KEY, type CountRow } from 'test/factories/kindly-harness';
import { buildKindlyPayload, kindlyHeaders } from 'test/factories/kindly-payload.factory';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds, truncateAll } from 'test/setup/test-database';
import { waitFor } from 'test/setup/wait-for';

const waitForStatus = async (app: TestApp, status: string): Promise<void> => {
  await waitFor(
    () => app.dataSource.query<{ status: string }[]>('SELECT status FROM webhook_messages'),
    (rows) => rows.every((row) => row.status === status),
    `every message to be ${status}`,
  );
};

describe.each(testDatabaseKinds())(
  'POST /webhooks/kindly unsigned and with short deadlines on %s',
  (kind) => {
    let database: TestDatabase;
    let kindlyApi: StubHttpServer;
    let agent: StubHttpServer;
    let sut: TestApp;
    let refusing: TestApp;

    beforeAll(async () => {
      agent = await StubHttpServer.start();
      kindlyApi = await StubHttpServer.start();
      database = await TestDatabase.create(kind);
      const env = {
        KINDLY_API_KEY: API_KEY,
        KINDLY_API_ORIGINS: kindlyApi.url,
        KINDLY_ANSWER_TIMEOUT_MS: '200',
        OUTBOUND_TIMEOUT_MS: '200',
        AGENT_GENERAL_PURPOSE_URL: agent.url,
        AGENT_BUSINESS_WORKFLOW_URL: agent.url,
        AGENT_CODE_DEBUGGER_URL: agent.url,
        AGENT_HUB_URL: agent.url,
        AGENT_TIMEOUT_MS: '10000',
      };
      sut = await TestApp.start(database, { ...env, ALLOW_UNSIGNED_WEBHOOKS: 'true' });
      refusing = await TestApp.start(database, { ...env, ALLOW_UNSIGNED_WEBHOOKS: 'false' });
    });

    beforeEach(async () => {
      await truncateAll(sut.dataSource);
      agent.reset();
      agent.respondWith(() => ({ status: 200, body: { reply: 'late' }, delayMs: 1500 }));
      kindlyApi.reset();
    });

    afterEach(async () => {
      // Processing goes on after the answer; it must not spill into the next test.
      await waitForStatus(sut, 'done');
    });

    afterAll(async () => {
      await sut?.close();
      await refusing?.close();
      await database?.drop();
      await Promise.all([agent, kindlyApi].map((stub) => stub?.stop()));
    });

    it('should answer "pending" when processing does not finish within the answer window', async () => {
      const payload = buildKindlyPayload({ _links: undefined });

      const response = await sut.post('/webhooks/kindly', payload);

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        new_context: {
          triage_status: 'pending',
          triage_message_id: expect.any(Number) as number,
          urgency_score: null,
          category: null,
          priority_level: null,
          sentiment: null,
          action_required: null,
        },
      });
      await waitForStatus(sut, 'done');
      const rows = await sut.dataSource.query<{ status: string }[]>(
        'SELECT status FROM webhook_messages',
      );
      expect(rows).toEqual([{ status: 'done' }]);
      expect(agent.requests).toHaveLength(1);
      // Kindly cannot be written to later: the late reply goes nowhere.
      const outbound = await sut.dataSource.query<CountRow[]>(
        'SELECT COUNT(*) AS count FROM outbound_messages',
      );
      expect(Number(outbound[0].count)).toBe(0);
    });

    it('should give up on a slow transcript and process the message without it', async () => {
      kindlyApi.respondWith(() => ({ status: 200, body: {}, delayMs: 1500 }));
      const payload = buildKindlyPayload();
      payload._links = { chat: `${kindlyApi.url}/api/v1/chats/${payload.chat_id}` };

      const response = await sut.post('/webhooks/kindly', payload);

      expect(response.status).toBe(200);
      await waitForStatus(sut, 'done');
      expect(kindlyApi.requests).toHaveLength(1);
      expect(agent.requests).toHaveLength(1);
      expect((agent.requests[0].json as AgentRequestBody).history).toEqual([]);
    });

    it('should refuse every request when unsigned webhooks are not allowed', async () => {
      const body = JSON.stringify(buildKindlyPayload());

      const responses = [
        await refusing.post('/webhooks/kindly', body),
        await refusing.post('/webhooks/kindly', body, kindlyHeaders(body, '')),
      ];

      expect(responses.map((response) => response.status)).toEqual([401, 401]);
      const rows = await refusing.dataSource.query<CountRow[]>(
        'SELECT COUNT(*) AS count FROM webhook_messages',
      );
      expect(Number(rows[0].count)).toBe(0);
      expect(agent.requests).toHaveLength(0);
    });
  },
);
