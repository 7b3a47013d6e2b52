import { IngestMessageService } from 'src/messages/ingest-message.service';
import { buildInboundMessage } from 'test/factories/inbound-message.factory';
import { buildIzerPayload } from 'test/factories/izer-payload.factory';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds, truncateAll } from 'test/setup/test-database';

interface WebhookAnswer {
  database_id: number;
  duplicate?: boolean;
  routing: { success: boolean };
}

interface MessageRow {
  status: string;
  attempts: number | string;
  duplicate_count: number | string;
}

const agentEnv = (agent: StubHttpServer): Record<string, string> => ({
  AGENT_GENERAL_PURPOSE_URL: agent.url,
  AGENT_BUSINESS_WORKFLOW_URL: agent.url,
  AGENT_CODE_DEBUGGER_URL: agent.url,
  AGENT_HUB_URL: agent.url,
  AGENT_TIMEOUT_MS: '500',
});

describe.each(testDatabaseKinds())('delivery guarantees on %s', (kind) => {
  let database: TestDatabase;
  let agent: StubHttpServer;
  let sut: TestApp;

  beforeAll(async () => {
    agent = await StubHttpServer.start();
    database = await TestDatabase.create(kind);
    sut = await TestApp.start(database, agentEnv(agent));
  });

  beforeEach(async () => {
    await truncateAll(sut.dataSource);
    agent.reset();
    agent.respondWith(() => ({ status: 200, body: { ok: true }, delayMs: 100 }));
  });

  afterAll(async () => {
    await sut?.close();
    await database?.drop();
    await agent?.stop();
  });

  it('should process a message once when the same delivery is handed over several times in one tick', async () => {
    const ingest = sut.app.get(IngestMessageService);
    const message = buildInboundMessage({ externalId: 'same-tick', receivedAt: new Date() });

    const results = await ingest.handle([message, message, message]);

    expect(new Set(results.map((r) => r.databaseId)).size).toBe(1);
    expect(results.map((r) => r.isDuplicate)).toEqual([false, true, true]);
    expect(agent.requests).toHaveLength(1);
    const rows = await sut.dataSource.query<MessageRow[]>(
      'SELECT status, attempts, duplicate_count FROM webhook_messages',
    );
    expect(rows.map((r) => [r.status, Number(r.attempts), Number(r.duplicate_count)])).toEqual([
      ['done', 1, 2],
    ]);
  });
});

// Two gateways on one MySQL database: only the database's unique key and the attempt count
// keep them from processing a message twice.
const describeOnMysql = testDatabaseKinds().includes('mysql') ? describe : null;

describeOnMysql?.('delivery guarantees across two instances on mysql', () => {
  let database: TestDatabase;
  let agent: StubHttpServer;
  let instances: TestApp[];

  beforeAll(async () => {
    agent = await StubHttpServer.start();
    database = await TestDatabase.create('mysql');
    instances = [
      await TestApp.start(database, agentEnv(agent)),
      await TestApp.start(database, agentEnv(agent)),
    ];
  });

  beforeEach(async () => {
    await truncateAll(instances[0].dataSource);
    agent.reset();
    agent.respondWith(() => ({ status: 200, body: { ok: true }, delayMs: 150 }));
  });

  afterAll(async () => {
    await Promise.all(instances?.map((instance) => instance.close()) ?? []);
    await database?.drop();
    await agent?.stop();
  });

  it('should store and process a message once when its repeats reach both instances at once', async () => {
    const payload = buildIzerPayload();

    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => instances[i % 2].post('/webhook', payload)),
    );

    const bodies = (await Promise.all(responses.map((r) => r.json()))) as WebhookAnswer[];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(new Set(bodies.map((b) => b.database_id)).size).toBe(1);
    expect(bodies.filter((b) => b.duplicate === true)).toHaveLength(5);
    expect(bodies.every((b) => b.routing.success)).toBe(true);
    expect(agent.requests).toHaveLength(1);
    const rows = await instances[0].dataSource.query<MessageRow[]>(
      'SELECT status, attempts, duplicate_count FROM webhook_messages',
    );
    expect(rows.map((r) => [r.status, Number(r.attempts), Number(r.duplicate_count)])).toEqual([
      ['done', 1, 5],
    ]);
  });

  it('should take over an abandoned message exactly once when repeats reach both instances', async () => {
    const payload = buildIzerPayload();
    await instances[0].post('/webhook', payload);
    // As if the instance had died right after storing the message.
    await instances[0].dataSource.query('DELETE FROM analytics_results');
    await instances[0].dataSource.query('DELETE FROM agent_routing');
    await instances[0].dataSource.query("UPDATE webhook_messages SET status = 'received'");
    agent.reset();
    agent.respondWith(() => ({ status: 200, body: { ok: true }, delayMs: 150 }));

    const responses = await Promise.all([
      instances[0].post('/webhook', payload),
      instances[1].post('/webhook', payload),
    ]);

    const bodies = (await Promise.all(responses.map((r) => r.json()))) as WebhookAnswer[];
    expect(bodies.map((b) => [b.duplicate, b.routing.success])).toEqual([
      [true, true],
      [true, true],
    ]);
    expect(agent.requests).toHaveLength(1);
    const rows = await instances[0].dataSource.query<MessageRow[]>(
      'SELECT status, attempts FROM webhook_messages',
    );
    expect(rows.map((r) => [r.status, Number(r.attempts)])).toEqual([['done', 2]]);
  });
});
