import { MessagePipeline } from 'src/messages/message-pipeline';
import { WebhookMessage } from 'src/messages/webhook-message.entity';
import { MessageStatus } from 'src/core/message-status';
import { buildIzerPayload } from 'test/factories/izer-payload.factory';
import { chatCompletion } from 'test/factories/openai-completion.factory';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { waitFor } from 'test/setup/wait-for';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds, truncateAll } from 'test/setup/test-database';

const ADMIN_TOKEN = 'admin-token-0123456789';
const AUTH = { authorization: `Bearer ${ADMIN_TOKEN}` };

const MODEL_SAYS_SUPPORT = {
  urgency_score: 6,
  category: 'support',
  sentiment: 'negative',
  keywords: ['delivery'],
  action_required: true,
  language: 'en',
  reasoning: 'Customer asks about a late delivery.',
};

interface MessageRow {
  id: number;
  status: string;
  attempts: number;
  last_error: string | null;
}

interface AdminList {
  messages: { id: number; status: string; attempts: number; last_error: string | null }[];
  next_before_id: number | null;
}

describe.each(testDatabaseKinds())('admin messages and replay on %s', (kind) => {
  let database: TestDatabase;
  let openai: StubHttpServer;
  let agent: StubHttpServer;
  let sut: TestApp;
  let isAgentUp: boolean;

  const rows = async (): Promise<MessageRow[]> =>
    (
      await sut.dataSource.query<MessageRow[]>(
        'SELECT id, status, attempts, last_error FROM webhook_messages ORDER BY id',
      )
    ).map((row) => ({ ...row, id: Number(row.id), attempts: Number(row.attempts) }));

  const waitForRows = (isDone: (all: MessageRow[]) => boolean): Promise<MessageRow[]> =>
    waitFor(rows, isDone, 'the messages to settle', 15_000);

  // Idempotency keys of the agent calls that were answered 200.
  const successfulAgentCalls = (): string[] =>
    agent.requests
      .filter((_, index) => agentAnswers[index] === 200)
      .map((request) => String(request.headers['idempotency-key']));
  let agentAnswers: number[];

  beforeAll(async () => {
    openai = await StubHttpServer.start();
    agent = await StubHttpServer.start();
    database = await TestDatabase.create(kind);
    sut = await TestApp.start(database, {
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      OPENAI_API_KEY: 'sk-test-key',
      OPENAI_BASE_URL: `${openai.url}/v1`,
      OPENAI_MAX_RETRIES: '0',
      AGENT_GENERAL_PURPOSE_URL: agent.url,
      AGENT_BUSINESS_WORKFLOW_URL: agent.url,
      AGENT_CODE_DEBUGGER_URL: agent.url,
      AGENT_HUB_URL: agent.url,
      AGENT_MAX_ATTEMPTS: '1',
      MAX_ATTEMPTS: '2',
      RETRY_BASE_MS: '50',
      RETRY_MAX_MS: '100',
    });
  });

  beforeEach(async () => {
    await truncateAll(sut.dataSource);
    openai.reset();
    agent.reset();
    openai.respondWith(() => chatCompletion(MODEL_SAYS_SUPPORT));
    isAgentUp = true;
    agentAnswers = [];
    agent.respondWith(() => {
      const status = isAgentUp ? 200 : 500;
      agentAnswers.push(status);
      return { status, body: isAgentUp ? { reply: 'On its way' } : { error: 'down' } };
    });
  });

  afterAll(async () => {
    await sut?.close();
    await database?.drop();
    await openai?.stop();
    await agent?.stop();
  });

  it('should retry a message whose agents fail, then leave it dead and listed for admins', async () => {
    isAgentUp = false;

    const response = await sut.post(
      '/webhook',
      buildIzerPayload({ current_message: 'Where is my delivery?' }),
    );

    expect(response.status).toBe(200);
    const answer = (await response.json()) as { routing: { success: boolean } };
    expect(answer.routing.success).toBe(false);
    const [row] = await waitForRows((all) => all[0]?.status === 'dead');
    expect(row).toMatchObject({ status: 'dead', attempts: 2 });
    expect(row.last_error).toContain('routing failed');
    // The analysis of the first attempt is reused: one model call however often it is retried.
    expect(openai.requests).toHaveLength(1);
    // Each attempt asks the chosen agent and then agent_hub once.
    expect(agentAnswers).toEqual([500, 500, 500, 500]);

    const list = await sut.get('/admin/messages?status=dead', AUTH);
    const both = await sut.get('/admin/messages?status=failed,dead', AUTH);
    const failedOnly = await sut.get('/admin/messages?status=failed', AUTH);
    expect([list.status, both.status, failedOnly.status]).toEqual([200, 200, 200]);
    expect(((await list.json()) as AdminList).messages).toEqual([
      expect.objectContaining({ id: row.id, status: 'dead', attempts: 2 }),
    ]);
    expect(((await both.json()) as AdminList).messages.map((m) => m.id)).toEqual([row.id]);
    expect(((await failedOnly.json()) as AdminList).messages).toEqual([]);
  });

  it('should replay a dead message once its agent is back, without analysing it again', async () => {
    isAgentUp = false;
    await sut.post('/webhook', buildIzerPayload({ current_message: 'Where is my delivery?' }));
    const [dead] = await waitForRows((all) => all[0]?.status === 'dead');
    isAgentUp = true;

    const replay = await sut.post(`/admin/messages/${dead.id}/replay`, {}, AUTH);

    expect(replay.status).toBe(202);
    expect(await replay.json()).toEqual({ id: dead.id, status: 'queued' });
    const [done] = await waitForRows((all) => all[0]?.status === 'done');
    expect(done).toMatchObject({ status: 'done', attempts: 1, last_error: null });
    expect(openai.requests).toHaveLength(1);
    expect(successfulAgentCalls()).toEqual([`msg-${dead.id}-general_purpose`]);
    const outbound = await sut.dataSource.query<{ n: number | string }[]>(
      'SELECT COUNT(*) AS n FROM outbound_messages',
    );
    expect(Number(outbound[0].n)).toBe(0);
    const list = await sut.get('/admin/messages', AUTH);
    expect(((await list.json()) as AdminList).messages).toEqual([]);
  });

  it('should refuse to replay a message that is done, unknown or not an id', async () => {
    const response = await sut.post('/webhook', buildIzerPayload());
    const { database_id: id } = (await response.json()) as { database_id: number };

    const done = await sut.post(`/admin/messages/${id}/replay`, {}, AUTH);
    const unknown = await sut.post(`/admin/messages/${id + 1000}/replay`, {}, AUTH);
    const notAnId = await sut.post('/admin/messages/abc/replay', {}, AUTH);
    const noToken = await sut.post(`/admin/messages/${id}/replay`, {});

    expect([done.status, unknown.status, notAnId.status, noToken.status]).toEqual([
      409, 404, 400, 401,
    ]);
    expect(await done.json()).toMatchObject({ error: 'Conflict' });
    expect(agentAnswers).toEqual([200]);
  });

  it('should refuse an unknown status filter or page size with 400', async () => {
    const badStatus = await sut.get('/admin/messages?status=lost', AUTH);
    const oneBadStatus = await sut.get('/admin/messages?status=failed,lost', AUTH);
    const badLimit = await sut.get('/admin/messages?limit=0', AUTH);

    expect([badStatus.status, oneBadStatus.status, badLimit.status]).toEqual([400, 400, 400]);
  });

  it('should pick up a message a crash left mid-way and finish it without analysing it again', async () => {
    const response = await sut.post('/webhook', buildIzerPayload());
    const { database_id: id } = (await response.json()) as { database_id: number };
    // As if the instance died after the analysis: the row is held by a lease that has run out.
    await sut.dataSource.query('DELETE FROM agent_routing');
    await sut.dataSource.getRepository(WebhookMessage).update(id, {
      status: MessageStatus.Analyzed,
      lockedBy: 'gone:1',
      lockedUntil: new Date(Date.now() - 1000),
      processedAt: null,
      attempts: 1,
    });
    openai.reset();
    agentAnswers = [];
    agent.requests.length = 0;

    const recovered = await sut.app.get(MessagePipeline).recover();

    expect(recovered).toBe(1);
    const [row] = await waitForRows((all) => all[0]?.status === 'done');
    expect(row).toMatchObject({ status: 'done', attempts: 2 });
    expect(openai.requests).toHaveLength(0);
    expect(successfulAgentCalls()).toEqual([`msg-${id}-general_purpose`]);
  });

  it('should keep a message waiting for the agents out of the failed list, and still recover it', async () => {
    isAgentUp = true;
    const response = await sut.post('/webhook', buildIzerPayload());
    const { database_id: id } = (await response.json()) as { database_id: number };
    // As the processor leaves a message no agent could be asked about (every breaker open).
    await sut.dataSource.query('DELETE FROM agent_routing');
    await sut.dataSource.getRepository(WebhookMessage).update(id, {
      status: MessageStatus.Waiting,
      lastError: 'routing failed: no agent answered (last agent_hub): circuit open',
      nextAttemptAt: new Date(Date.now() - 1000),
      processedAt: null,
      attempts: 0,
    });
    agentAnswers = [];
    agent.requests.length = 0;

    const byDefault = (await (await sut.get('/admin/messages', AUTH)).json()) as AdminList;
    const failedOnly = (await (
      await sut.get('/admin/messages?status=failed', AUTH)
    ).json()) as AdminList;
    const waiting = (await (
      await sut.get('/admin/messages?status=waiting', AUTH)
    ).json()) as AdminList;
    const recovered = await sut.app.get(MessagePipeline).recover();

    expect(byDefault.messages).toEqual([]);
    expect(failedOnly.messages).toEqual([]);
    expect(waiting.messages).toEqual([
      expect.objectContaining({ id, status: 'waiting', attempts: 0 }),
    ]);
    expect(recovered).toBe(1);
    const [row] = await waitForRows((all) => all[0]?.status === 'done');
    expect(row).toMatchObject({ status: 'done', attempts: 1, last_error: null });
    expect(successfulAgentCalls()).toEqual([`msg-${id}-general_purpose`]);
  });

  // Last: its failures open the agents' circuit breakers for the tests after it.
  it('should page through the list newest first', async () => {
    isAgentUp = false;
    for (let i = 0; i < 3; i++) {
      await sut.post('/webhook', buildIzerPayload({ phone_number: `+90555000000${i}` }));
    }
    // The third one may be waiting for the agents' breaker (an attempt it refused does not
    // count), so it can stay waiting for a while: the list asks for all three states.
    const states = ['failed', 'waiting', 'dead'];
    const all = await waitForRows(
      (list) => list.length === 3 && list.every((row) => states.includes(row.status)),
    );
    const ids = all.map((row) => row.id);
    const page = `/admin/messages?limit=2&status=${states.join(',')}`;

    const first = (await (await sut.get(page, AUTH)).json()) as AdminList;
    const second = (await (
      await sut.get(`${page}&before_id=${first.next_before_id}`, AUTH)
    ).json()) as AdminList;

    expect(first.messages.map((m) => m.id)).toEqual([ids[2], ids[1]]);
    expect(first.next_before_id).toBe(ids[1]);
    expect(second.messages.map((m) => m.id)).toEqual([ids[0]]);
    expect(second.next_before_id).toBeNull();
  });
});
