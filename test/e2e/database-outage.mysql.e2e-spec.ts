import { createConnection, type Connection } from 'mysql2/promise';
import { buildIzerPayload } from 'test/factories/izer-payload.factory';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds } from 'test/setup/test-database';

// A database that does not answer in time: another session holds a write lock on the table.
const describeOnMysql = testDatabaseKinds().includes('mysql') ? describe : null;

describeOnMysql?.('a database too slow to store a webhook on mysql', () => {
  let database: TestDatabase;
  let agent: StubHttpServer;
  let sut: TestApp;
  let locker: Connection;

  beforeAll(async () => {
    agent = await StubHttpServer.start();
    agent.respondWith(() => ({ status: 200, body: { ok: true } }));
    database = await TestDatabase.create('mysql');
    sut = await TestApp.start(database, {
      STORE_TIMEOUT_MS: '300',
      AGENT_GENERAL_PURPOSE_URL: agent.url,
      AGENT_BUSINESS_WORKFLOW_URL: agent.url,
      AGENT_CODE_DEBUGGER_URL: agent.url,
      AGENT_HUB_URL: agent.url,
    });
    locker = await createConnection(database.env.DATABASE_URL);
  });

  afterAll(async () => {
    await locker?.end();
    await sut?.close();
    await database?.drop();
    await agent?.stop();
  });

  it('should answer a fast 503 instead of a late 200, and take the delivery when it is sent again', async () => {
    const payload = buildIzerPayload();
    await locker.query('LOCK TABLES webhook_messages WRITE, message_history WRITE');

    const startedAt = Date.now();
    const refused = await sut.post('/webhook', payload);
    const refusedAfterMs = Date.now() - startedAt;
    await locker.query('UNLOCK TABLES');
    const retried = await sut.post('/webhook', payload);

    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({
      statusCode: 503,
      error: 'DatabaseUnavailable',
      message: 'database unavailable, try again later',
    });
    // Bounded by STORE_TIMEOUT_MS, not by the lock.
    expect(refusedAfterMs).toBeLessThan(5000);
    expect(retried.status).toBe(200);
    const rows = await sut.dataSource.query<{ external_id: string; status: string }[]>(
      'SELECT external_id, status FROM webhook_messages',
    );
    // Stored once: the first insert committed after the lock went, the repeat found it.
    expect(rows).toEqual([{ external_id: payload.message_id, status: 'done' }]);
    expect(agent.requests).toHaveLength(1);
  });
});
