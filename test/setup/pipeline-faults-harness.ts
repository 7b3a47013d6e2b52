import { createPool, type Pool } from 'mysql2/promise';
import { MessageStatus } from 'src/core/message-status';
import { chatCompletion } from 'test/factories/openai-completion.factory';
import { ADMIN_TOKEN } from 'test/setup/admin-api';
import { freePort, GatewayProcess } from 'test/setup/gateway-process';
import { RedisServer } from 'test/setup/redis-server';
import { oneAgentEnv } from 'test/setup/stub-agents';
import { type RecordedRequest, StubHttpServer } from 'test/setup/stub-http-server';
import { TestDatabase } from 'test/setup/test-database';
import { waitFor } from 'test/setup/wait-for';
import type { Delivery } from 'test/setup/whatsapp-burst';

export const BURST = 300;
export const TEST_TIMEOUT_MS = 150_000;
export const SETTLE_TIMEOUT_MS = 60_000;

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

export interface Gateway {
  process: GatewayProcess;
  url: string;
}

export interface AgentCall {
  databaseId: number;
  idempotencyKey: string;
  isAnsweredOk: boolean;
}

export interface MessageRow {
  id: number;
  external_id: string;
  status: MessageStatus;
}

const CLOSED_STATUSES: string[] = [MessageStatus.Done, MessageStatus.Dead];

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

/**
 * Real gateway processes on one fresh MariaDB schema, with stand-ins for the agents and the model
 * on loopback: faults are real signals, real dead sockets and a real Redis going away. `use`
 * starts the stand-ins and the schema before each test and stops everything after it.
 */
export class PipelineFaultsHarness {
  // Every call the agent stand-in took, and whether it answered 200 (while `isAgentUp`).
  agentCalls: AgentCall[] = [];
  isAgentUp = true;
  private gateways: GatewayProcess[] = [];
  private redis: RedisServer | null = null;
  private database: TestDatabase | null = null;
  private db: Pool | null = null;
  private agent: StubHttpServer | null = null;
  private openai: StubHttpServer | null = null;

  static use(): PipelineFaultsHarness {
    const harness = new PipelineFaultsHarness();
    beforeEach(() => harness.start());
    // Everything is stopped whatever failed: the processes first, as they hold the database.
    afterEach(() => harness.stop());
    return harness;
  }

  async startGateway(env: Record<string, string> = {}): Promise<Gateway> {
    const port = await freePort();
    const gateway = GatewayProcess.start({
      ...this.started(this.database).env,
      ...PIPELINE_ENV,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      OPENAI_API_KEY: 'sk-test-key',
      OPENAI_BASE_URL: `${this.started(this.openai).url}/v1`,
      OPENAI_MAX_RETRIES: '0',
      ...oneAgentEnv(this.started(this.agent)),
      ...env,
    });
    this.gateways.push(gateway);
    const url = `http://127.0.0.1:${port}`;
    await gateway.waitUntilReady(`${url}/health/live`);
    return { process: gateway, url };
  }

  // A Redis of the test's own on a free port, stopped after the test.
  async startRedis(): Promise<RedisServer> {
    this.redis = await RedisServer.start(await freePort());
    return this.redis;
  }

  async statusCounts(): Promise<Record<string, number>> {
    const rows = await this.select<{ status: string; n: number | string }>(
      'SELECT status, COUNT(*) AS n FROM webhook_messages GROUP BY status ORDER BY status',
    );
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
  }

  // No message in an open state: each one done, or dead until an admin replays it.
  async waitUntilSettled(expected: number): Promise<Record<string, number>> {
    const isSettled = (counts: Record<string, number>): boolean => {
      const rows = Object.entries(counts);
      const total = rows.reduce((sum, [, n]) => sum + n, 0);
      return total === expected && rows.every(([status]) => CLOSED_STATUSES.includes(status));
    };
    try {
      return await waitFor(
        () => this.statusCounts(),
        isSettled,
        `${expected} messages settled`,
        SETTLE_TIMEOUT_MS,
      );
    } catch (error) {
      // Where the messages that did not settle are stuck, and what the gateways said.
      throw new Error(
        `${(error as Error).message}\n${await this.openRows()}\n${this.gatewayLogs()}`,
      );
    }
  }

  async messageRows(): Promise<MessageRow[]> {
    return (
      await this.select<MessageRow>(
        'SELECT id, external_id, status FROM webhook_messages ORDER BY id',
      )
    ).map((row) => ({ ...row, id: Number(row.id) }));
  }

  // Stored once each, all done, and no stage ran twice: one analysis (one model call and one
  // analytics row) and one agent call answered 200 per message.
  async expectEachProcessedOnce(deliveries: Delivery[]): Promise<void> {
    const rows = await this.messageRows();
    const ids = rows.map((row) => row.id);
    expect(tally(rows.map((row) => row.external_id))).toEqual(
      once(deliveries.map((delivery) => delivery.wamid)),
    );
    expect(rows.filter((row) => row.status !== MessageStatus.Done)).toEqual([]);
    const answered = this.agentCalls.filter((call) => call.isAnsweredOk);
    expect(tally(answered.map((call) => call.databaseId))).toEqual(once(ids));
    expect(
      answered.filter((call) => !call.idempotencyKey.startsWith(`msg-${call.databaseId}-`)),
    ).toEqual([]);
    expect(tally(this.started(this.openai).requests.map(modelInputText))).toEqual(
      once(deliveries.map((delivery) => delivery.text)),
    );
    const analyses = await this.select<{ message_id: number }>(
      'SELECT message_id FROM analytics_results',
    );
    expect(tally(analyses.map((row) => Number(row.message_id)))).toEqual(once(ids));
  }

  private async start(): Promise<void> {
    this.gateways = [];
    this.redis = null;
    this.db = null;
    this.database = null;
    this.agent = null;
    this.openai = null;
    this.agentCalls = [];
    this.isAgentUp = true;
    this.agent = await StubHttpServer.start();
    this.agent.respondWith((request) => {
      const isUp = this.isAgentUp;
      this.agentCalls.push({
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
    this.openai = await StubHttpServer.start();
    this.openai.respondWith(() => chatCompletion(MODEL_SAYS_SUPPORT));
    this.database = await TestDatabase.create('mysql');
    this.db = createPool({ uri: this.database.env.DATABASE_URL, connectionLimit: 2 });
  }

  private async stop(): Promise<void> {
    const steps: (() => Promise<unknown>)[] = [
      () => Promise.all(this.gateways.map((gateway) => gateway.stopWithin(15_000))),
      async () => this.redis?.stop(),
      async () => this.db?.end(),
      async () => this.database?.drop(),
      async () => this.agent?.stop(),
      async () => this.openai?.stop(),
    ];
    const failures: unknown[] = [];
    for (const step of steps) {
      await step().catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) {
      throw failures[0];
    }
  }

  private async select<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const [rows] = await this.started(this.db).query(sql, params);
    return rows as T[];
  }

  // For a failure message: where the messages that did not settle are stuck.
  private async openRows(): Promise<string> {
    const rows = await this.select<Record<string, unknown>>(
      `SELECT id, conversation_id, status, attempts, locked_by, locked_until, next_attempt_at,
         last_error FROM webhook_messages WHERE status NOT IN (?) ORDER BY id LIMIT 20`,
      [CLOSED_STATUSES],
    );
    return rows.map((row) => JSON.stringify(row)).join('\n');
  }

  private gatewayLogs(): string {
    return this.gateways
      .map((gateway) => `${gateway.stderr}${gateway.stdout}`.slice(-3000))
      .join('\n---\n');
  }

  private started<T>(value: T | null): T {
    if (value === null) {
      throw new Error('the harness starts before each test');
    }
    return value;
  }
}
