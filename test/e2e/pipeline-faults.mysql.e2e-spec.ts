import { createPool, type Pool } from 'mysql2/promise';
import { MessageStatus } from 'src/core/message-status';
import { chatCompletion } from 'test/factories/openai-completion.factory';
import { buildWhatsappPayload, newWamid } from 'test/factories/whatsapp-payload.factory';
import { freePort, GatewayProcess } from 'test/setup/gateway-process';
import { RedisServer } from 'test/setup/redis-server';
import { type RecordedRequest, StubHttpServer } from 'test/setup/stub-http-server';
import { waitFor } from 'test/setup/wait-for';
import { TestDatabase, testDatabaseKinds } from 'test/setup/test-database';

const ADMIN_TOKEN = 'pipeline-faults-admin-token';
const AUTH = { authorization: `Bearer ${ADMIN_TOKEN}` };
const BURST = 300;
const CONVERSATIONS = 30;
const CONCURRENT_SENDS = 50;
const TEST_TIMEOUT_MS = 150_000;
const SETTLE_TIMEOUT_MS = 60_000;
const DELIVERY_TIMEOUT_MS = 15_000;
const RESEND_ROUNDS = 20;
const REDIS_OUTAGE_MS = 1_000;
// Few enough that the agent outage test stays short; several messages per conversation.
const OUTAGE_BURST = 60;
const OUTAGE_CONVERSATIONS = 10;
// Five messages a conversation, alternating between the two instances.
const SHARED_CONVERSATIONS = 60;

// Short enough that a lease, a retry and a recovery sweep each fit many times into a test.
const PIPELINE_ENV = {
  PROCESSING_LEASE_MS: '3000',
  RECOVERY_INTERVAL_MS: '300',
  RETRY_BASE_MS: '100',
  RETRY_MAX_MS: '1000',
  SHUTDOWN_TIMEOUT_MS: '10000',
};

const MODEL_SAYS_SUPPORT = {
  urgency_score: 5,
  category: 'support',
  sentiment: 'neutral',
  keywords: ['bicycle', 'order'],
  action_required: true,
  language: 'en',
  reasoning: 'Customer asks where an order is.',
};

interface Delivery {
  wamid: string;
  text: string;
  body: string;
}

interface Send {
  delivery: Delivery;
  url: string;
}

interface Gateway {
  process: GatewayProcess;
  url: string;
}

interface AgentCall {
  databaseId: number;
  idempotencyKey: string;
  isAnsweredOk: boolean;
}

interface MessageRow {
  id: number;
  external_id: string;
  status: MessageStatus;
}

const CLOSED_STATUSES: string[] = [MessageStatus.Done, MessageStatus.Dead];

// Distinct wamids spread over `conversations` senders (one conversation each); distinct texts
// too, so the model stand-in can tell which message it was asked about.
function buildBurst(size: number, conversations: number): Delivery[] {
  return Array.from({ length: size }, (_, index) => {
    const wamid = newWamid();
    const text = `Order ${index}: where is my bicycle?`;
    const from = `90555${String(index % conversations).padStart(7, '0')}`;
    const payload = buildWhatsappPayload([{ from, id: wamid, body: text }]);
    return { wamid, text, body: JSON.stringify(payload) };
  });
}

// A 2xx means the gateway stored it; anything else (a 503, a refused or reset connection) is
// what a platform sends again.
async function deliver({ delivery, url }: Send): Promise<boolean> {
  try {
    const response = await fetch(`${url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: delivery.body,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

// At most `CONCURRENT_SENDS` at a time, as a platform's senders do; answers the sends that were
// not acknowledged.
async function sendAll(sends: Send[], progress = { acknowledged: 0 }): Promise<Send[]> {
  const unacknowledged: Send[] = [];
  let next = 0;
  const sender = async (): Promise<void> => {
    while (next < sends.length) {
      const send = sends[next++];
      if (await deliver(send)) {
        progress.acknowledged += 1;
      } else {
        unacknowledged.push(send);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_SENDS }, sender));
  return unacknowledged;
}

async function sendUntilAcknowledged(sends: Send[]): Promise<void> {
  let left = sends;
  for (let round = 0; left.length > 0; round++) {
    if (round === RESEND_ROUNDS) {
      throw new Error(`${left.length} deliveries never acknowledged`);
    }
    left = await sendAll(left);
    if (left.length > 0) {
      await sleep(200);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// [value, how often] pairs, sorted: equal tallies mean the same values, each as often.
function tally<T extends string | number>(values: T[]): [T, number][] {
  const counts = new Map<T, number>();
  for (const value of values) {
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

// Each value exactly once.
function once<T extends string | number>(values: T[]): [T, number][] {
  return tally([...new Set(values)]);
}

function modelInputText(request: RecordedRequest): string {
  const body = request.json as { messages: { role: string; content: string }[] };
  const user = body.messages.find((message) => message.role === 'user');
  return (JSON.parse(user?.content ?? '{}') as { message?: string }).message ?? '';
}

// Real gateway processes on one fresh MariaDB schema, with stand-ins for the agents and the model
// on loopback: faults are real signals, real dead sockets and a real Redis going away.
const describeOnMysql = testDatabaseKinds().includes('mysql') ? describe : null;

describeOnMysql?.('pipeline faults on mysql with real processes', () => {
  let database: TestDatabase;
  let db: Pool;
  let agent: StubHttpServer;
  let openai: StubHttpServer;
  let agentCalls: AgentCall[];
  let isAgentUp: boolean;
  let gateways: GatewayProcess[];
  let redis: RedisServer | null;

  const startGateway = async (env: Record<string, string> = {}): Promise<Gateway> => {
    const port = await freePort();
    const gateway = GatewayProcess.start({
      ...database.env,
      ...PIPELINE_ENV,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      OPENAI_API_KEY: 'sk-test-key',
      OPENAI_BASE_URL: `${openai.url}/v1`,
      OPENAI_MAX_RETRIES: '0',
      AGENT_GENERAL_PURPOSE_URL: agent.url,
      AGENT_BUSINESS_WORKFLOW_URL: agent.url,
      AGENT_CODE_DEBUGGER_URL: agent.url,
      AGENT_HUB_URL: agent.url,
      ...env,
    });
    gateways.push(gateway);
    const url = `http://127.0.0.1:${port}`;
    await gateway.waitUntilReady(`${url}/health/live`);
    return { process: gateway, url };
  };

  const select = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const [rows] = await db.query(sql, params);
    return rows as T[];
  };

  const statusCounts = async (): Promise<Record<string, number>> => {
    const rows = await select<{ status: string; n: number | string }>(
      'SELECT status, COUNT(*) AS n FROM webhook_messages GROUP BY status ORDER BY status',
    );
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
  };

  // For a failure message: where the messages that did not settle are stuck.
  const openRows = async (): Promise<string> => {
    const rows = await select<Record<string, unknown>>(
      `SELECT id, conversation_id, status, attempts, locked_by, locked_until, next_attempt_at,
         last_error FROM webhook_messages WHERE status NOT IN (?) ORDER BY id LIMIT 20`,
      [CLOSED_STATUSES],
    );
    return rows.map((row) => JSON.stringify(row)).join('\n');
  };

  const gatewayLogs = (): string =>
    gateways.map((gateway) => `${gateway.stderr}${gateway.stdout}`.slice(-3000)).join('\n---\n');

  // No message in an open state: each one done, or dead until an admin replays it.
  const waitUntilSettled = async (expected: number): Promise<Record<string, number>> => {
    const isSettled = (counts: Record<string, number>): boolean => {
      const rows = Object.entries(counts);
      const total = rows.reduce((sum, [, n]) => sum + n, 0);
      return total === expected && rows.every(([status]) => CLOSED_STATUSES.includes(status));
    };
    try {
      return await waitFor(
        statusCounts,
        isSettled,
        `${expected} messages settled`,
        SETTLE_TIMEOUT_MS,
      );
    } catch (error) {
      // Where the messages that did not settle are stuck, and what the gateways said.
      throw new Error(`${(error as Error).message}\n${await openRows()}\n${gatewayLogs()}`);
    }
  };

  const messageRows = async (): Promise<MessageRow[]> =>
    (
      await select<MessageRow>('SELECT id, external_id, status FROM webhook_messages ORDER BY id')
    ).map((row) => ({ ...row, id: Number(row.id) }));

  // Stored once each, all done, and no stage ran twice: one analysis (one model call and one
  // analytics row) and one agent call answered 200 per message.
  const expectEachProcessedOnce = async (deliveries: Delivery[]): Promise<void> => {
    const rows = await messageRows();
    const ids = rows.map((row) => row.id);
    expect(tally(rows.map((row) => row.external_id))).toEqual(
      once(deliveries.map((delivery) => delivery.wamid)),
    );
    expect(rows.filter((row) => row.status !== MessageStatus.Done)).toEqual([]);
    const answered = agentCalls.filter((call) => call.isAnsweredOk);
    expect(tally(answered.map((call) => call.databaseId))).toEqual(once(ids));
    expect(
      answered.filter((call) => !call.idempotencyKey.startsWith(`msg-${call.databaseId}-`)),
    ).toEqual([]);
    expect(tally(openai.requests.map(modelInputText))).toEqual(
      once(deliveries.map((delivery) => delivery.text)),
    );
    const analyses = await select<{ message_id: number }>(
      'SELECT message_id FROM analytics_results',
    );
    expect(tally(analyses.map((row) => Number(row.message_id)))).toEqual(once(ids));
  };

  beforeEach(async () => {
    gateways = [];
    redis = null;
    agentCalls = [];
    isAgentUp = true;
    agent = await StubHttpServer.start();
    agent.respondWith((request) => {
      const isUp = isAgentUp;
      agentCalls.push({
        databaseId: Number((request.json as { database_id?: unknown } | undefined)?.database_id),
        idempotencyKey: String(request.headers['idempotency-key']),
        isAnsweredOk: isUp,
      });
      return {
        status: isUp ? 200 : 500,
        body: isUp ? { ok: true } : { error: 'agent down' },
        delayMs: 20 + Math.floor(Math.random() * 31),
      };
    });
    openai = await StubHttpServer.start();
    openai.respondWith(() => chatCompletion(MODEL_SAYS_SUPPORT));
    database = await TestDatabase.create('mysql');
    db = createPool({ uri: database.env.DATABASE_URL, connectionLimit: 2 });
  });

  // Everything is stopped whatever failed: the processes first, as they hold the database.
  afterEach(async () => {
    const steps: (() => Promise<unknown>)[] = [
      () => Promise.all(gateways.map((gateway) => gateway.stopWithin(15_000))),
      async () => redis?.stop(),
      async () => db?.end(),
      async () => database?.drop(),
      async () => agent?.stop(),
      async () => openai?.stop(),
    ];
    const failures: unknown[] = [];
    for (const step of steps) {
      await step().catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) {
      throw failures[0];
    }
  });

  it(
    'should lose nothing and run no stage twice when a gateway gets SIGTERM mid-burst',
    async () => {
      const deliveries = buildBurst(BURST, CONVERSATIONS);
      const first = await startGateway();
      const progress = { acknowledged: 0 };

      const sending = sendAll(
        deliveries.map((delivery) => ({ delivery, url: first.url })),
        progress,
      );
      await waitFor(
        () => Promise.resolve(progress.acknowledged),
        (acknowledged) => acknowledged >= BURST / 3,
        'a third of the burst acknowledged',
        DELIVERY_TIMEOUT_MS,
      );
      const exit = await first.process.stop('SIGTERM');
      const unacknowledged = await sending;
      const second = await startGateway();
      await sendUntilAcknowledged(unacknowledged.map((send) => ({ ...send, url: second.url })));

      // A graceful stop (the app closed, then the process ended itself), not a crash.
      expect([
        { code: 0, signal: null },
        { code: null, signal: 'SIGTERM' },
      ]).toContainEqual(exit);
      // The signal did land mid-burst.
      expect(unacknowledged.length).toBeGreaterThan(0);
      expect(await waitUntilSettled(BURST)).toEqual({ [MessageStatus.Done]: BURST });
      await expectEachProcessedOnce(deliveries);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'should lose nothing and run no stage twice when Redis is killed and restarted mid-burst',
    async () => {
      redis = await RedisServer.start(await freePort());
      const sut = await startGateway({ REDIS_URL: redis.url });
      const deliveries = buildBurst(BURST, CONVERSATIONS);
      const progress = { acknowledged: 0 };

      const sending = sendAll(
        deliveries.map((delivery) => ({ delivery, url: sut.url })),
        progress,
      );
      await waitFor(
        () => Promise.resolve(progress.acknowledged),
        (acknowledged) => acknowledged >= BURST / 3,
        'a third of the burst acknowledged',
        DELIVERY_TIMEOUT_MS,
      );
      const keysBeforeOutage = Number((await redis.command('DBSIZE')).slice(1));
      await redis.stop('SIGKILL');
      await sleep(REDIS_OUTAGE_MS);
      await redis.restart();
      await sendUntilAcknowledged(await sending);

      // The work did go through BullMQ before Redis went away.
      expect(keysBeforeOutage).toBeGreaterThan(0);
      expect(await waitUntilSettled(BURST)).toEqual({ [MessageStatus.Done]: BURST });
      await expectEachProcessedOnce(deliveries);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'should end every message done or dead while the agent fails, and finish the dead ones on replay',
    async () => {
      // A short open breaker: attempts refused by it do not count, so messages die only from
      // the calls its half-open trials let through.
      const sut = await startGateway({
        MAX_ATTEMPTS: '3',
        AGENT_MAX_ATTEMPTS: '1',
        AGENT_CIRCUIT_OPEN_MS: '300',
      });
      const deliveries = buildBurst(OUTAGE_BURST, OUTAGE_CONVERSATIONS);
      isAgentUp = false;

      await sendUntilAcknowledged(deliveries.map((delivery) => ({ delivery, url: sut.url })));
      await waitFor(
        statusCounts,
        (counts) => (counts[MessageStatus.Dead] ?? 0) >= OUTAGE_BURST / 3,
        'a third dead',
        SETTLE_TIMEOUT_MS,
      );
      isAgentUp = true;
      const afterOutage = await waitUntilSettled(OUTAGE_BURST);
      // An admin replays the dead ones once the agent is back.
      const dead = (await messageRows()).filter((row) => row.status === MessageStatus.Dead);
      const replays = await Promise.all(
        dead.map((row) =>
          fetch(`${sut.url}/admin/messages/${row.id}/replay`, { method: 'POST', headers: AUTH }),
        ),
      );
      const afterReplay = await waitUntilSettled(OUTAGE_BURST);
      const deadList = await fetch(`${sut.url}/admin/messages?status=dead`, { headers: AUTH });

      expect(afterOutage[MessageStatus.Dead]).toBeGreaterThan(0);
      expect(agentCalls.filter((call) => !call.isAnsweredOk).length).toBeGreaterThan(0);
      expect(replays.map((response) => response.status)).toEqual(dead.map(() => 202));
      expect(afterReplay).toEqual({ [MessageStatus.Done]: OUTAGE_BURST });
      expect(deadList.status).toBe(200);
      expect(((await deadList.json()) as { messages: unknown[] }).messages).toEqual([]);
      await expectEachProcessedOnce(deliveries);
    },
    TEST_TIMEOUT_MS,
  );

  it.each([
    ['sharing one Redis (BullMQ)', true],
    ['without Redis (in-process on each)', false],
  ])(
    'should process every message exactly once with two instances on one database, %s',
    async (_, isQueued) => {
      redis = isQueued ? await RedisServer.start(await freePort()) : null;
      const env: Record<string, string> = redis ? { REDIS_URL: redis.url } : {};
      // Started together: only the first runs the migrations, as on a deploy with replicas.
      const instances = await Promise.all([
        startGateway(env),
        startGateway({ ...env, MIGRATIONS_RUN: 'false' }),
      ]);
      const deliveries = buildBurst(BURST, SHARED_CONVERSATIONS);
      // A conversation's messages alternate between the instances; `shift` 1 is the other one.
      const urlFor = (index: number, shift = 0): string =>
        instances[(Math.floor(index / SHARED_CONVERSATIONS) + shift) % 2].url;
      const sends = deliveries.map((delivery, index) => ({ delivery, url: urlFor(index) }));
      // Every tenth delivery reaches the other instance too, as a platform's retry may.
      const repeats = deliveries.flatMap((delivery, index) =>
        index % 10 === 0 ? [{ delivery, url: urlFor(index, 1) }] : [],
      );

      await sendUntilAcknowledged([...sends, ...repeats]);

      expect(await waitUntilSettled(BURST)).toEqual({ [MessageStatus.Done]: BURST });
      await expectEachProcessedOnce(deliveries);
    },
    TEST_TIMEOUT_MS,
  );
});
