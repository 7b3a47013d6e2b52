import { OutboundService } from 'src/replies/outbound.service';
import {
  buildWhatsappPayload,
  newWamid,
  signWhatsapp,
  WHATSAPP_CUSTOMER,
} from 'test/factories/whatsapp-payload.factory';
import { oneAgentEnv } from 'test/setup/stub-agents';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { useSuiteFixture } from 'test/setup/suite-hooks';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, type TestDatabaseKind, truncateAll } from 'test/setup/test-database';
import { waitFor } from 'test/setup/wait-for';

export const PATH = '/webhooks/whatsapp';
export const SECRET = 'test-app-secret';
export const VERIFY_TOKEN = 'verify-me-please';
export const ACCESS_TOKEN = 'test-access-token';
export const DEFAULT_PHONE_NUMBER_ID = '990000000000001';
export const FINAL_MESSAGE_STATUSES = ['done', 'failed', 'dead'];

export interface OutboundRow {
  id: number;
  status: string;
  external_id: string | null;
  attempts: number | string;
  last_error: string | null;
  recipient: string;
  kind: string;
}

export interface MessageRow {
  external_id: string;
  platform: string;
  conversation_id: string;
  conversation_name: string | null;
  sender_id: string;
  sender_name: string | null;
  sender_phone: string | null;
  event_type: string;
  text: string;
  status: string;
  duplicate_count: number | string;
}

export interface GraphSend {
  messaging_product: string;
  recipient_type: string;
  to: string;
  type: string;
  text: { preview_url: boolean; body: string };
  context?: { message_id: string };
}

// Generous: a busy CI machine only makes processing and sending later.

// Generous: a busy CI machine only makes processing and sending later.
export const WAIT_MS = 45_000;

// The gateway with stand-ins for the agents and the Graph API.
export class WhatsappHarness {
  database: TestDatabase;
  sut: TestApp;
  agent: StubHttpServer;
  graph: StubHttpServer;
  // When each agent answer is (or will be) complete: the stand-in answers after `delayMs`.
  agentAnswersAt: number[] = [];
  private graphSends = 0;

  // `env`: added to the gateway's environment (e.g. ADMIN_API_TOKEN for the admin routes).
  constructor(private readonly env: Record<string, string> = {}) {}

  readonly query = <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    this.sut.dataSource.query<T[]>(sql, params);
  readonly count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await this.query<{ count: number | string }>(sql, params))[0].count);
  readonly outboundRows = (): Promise<OutboundRow[]> =>
    this.query<OutboundRow>('SELECT * FROM outbound_messages ORDER BY id');
  readonly graphPosts = (): GraphSend[] =>
    this.graph.requests.filter((r) => r.method === 'POST').map((r) => r.json as GraphSend);

  readonly deliver = (body: unknown, headers: Record<string, string> = {}): Promise<Response> => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    return this.sut.post(PATH, raw, {
      'x-hub-signature-256': signWhatsapp(raw, SECRET),
      ...headers,
    });
  };

  readonly answerAgents = (body: unknown, delayMs = 0): void => {
    this.agent.respondWith(() => {
      this.agentAnswersAt.push(Date.now() + delayMs);
      return { status: 200, body, delayMs };
    });
  };

  readonly answerGraph = (status = 200, headers: Record<string, string> = {}): void => {
    this.graph.respondWith(() => {
      this.graphSends += 1;
      return status === 200
        ? {
            status,
            body: {
              messaging_product: 'whatsapp',
              contacts: [{ input: WHATSAPP_CUSTOMER, wa_id: WHATSAPP_CUSTOMER }],
              messages: [{ id: `wamid.OUT${this.graphSends}` }],
            },
          }
        : {
            status,
            headers,
            body: {
              error: {
                message: '(#131030) Recipient phone number not in allowed list',
                code: 131030,
              },
            },
          };
    });
  };

  // Processing goes on after the 200; each test waits for it so the next starts clean.
  readonly settle = async (): Promise<void> => {
    await waitFor(
      () =>
        this.count(
          `SELECT COUNT(*) AS count FROM webhook_messages WHERE status NOT IN (${FINAL_MESSAGE_STATUSES.map(() => '?').join(', ')})`,
          FINAL_MESSAGE_STATUSES,
        ),
      (open) => open === 0,
      'messages to be processed',
      WAIT_MS,
    );
    await this.sut.app.get(OutboundService).whenIdle();
  };

  readonly waitForOutbound = (
    isDone: (rows: OutboundRow[]) => boolean,
    what: string,
  ): Promise<OutboundRow[]> => waitFor(this.outboundRows, isDone, what, WAIT_MS);

  // A customer writes, the agent answers, the answer goes out through the Graph API.
  readonly replyFlow = async (): Promise<{ inbound: string; outbound: OutboundRow }> => {
    this.answerAgents({ reply: 'Siparişiniz yarın kargoda.' });
    const inbound = newWamid();
    const response = await this.deliver(
      buildWhatsappPayload([{ id: inbound, body: 'Siparişim nerede?' }]),
    );
    expect(response.status).toBe(200);
    const [outbound] = await this.waitForOutbound(
      (rows) => rows.length === 1 && rows[0].status === 'sent',
      'the reply to be sent',
    );
    await this.settle();
    return { inbound, outbound };
  };

  // Registers the suite's hooks: boot (generously bounded), a fresh start for each test and
  // nothing left in flight after it. The harness is booted from the first test on.
  static use(kind: TestDatabaseKind, env: Record<string, string> = {}): WhatsappHarness {
    const h = useSuiteFixture(new WhatsappHarness(env), kind, 180_000);
    afterEach(async () => {
      if (h.sut) {
        await h.settle();
      }
    });
    return h;
  }

  async start(kind: 'sqlite' | 'mysql'): Promise<void> {
    this.agent = await StubHttpServer.start();
    this.graph = await StubHttpServer.start();
    this.database = await TestDatabase.create(kind);
    this.sut = await TestApp.start(this.database, {
      WHATSAPP_APP_SECRET: SECRET,
      WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
      WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN,
      WHATSAPP_PHONE_NUMBER_ID: DEFAULT_PHONE_NUMBER_ID,
      WHATSAPP_API_BASE_URL: `${this.graph.url}/v21.0`,
      ...oneAgentEnv(this.agent),
      // No test here needs an agent to time out; a loaded CI machine must not make one.
      AGENT_TIMEOUT_MS: '10000',
      OUTBOUND_MAX_BACKOFF_MS: '50',
      ...this.env,
    });
  }

  async reset(): Promise<void> {
    await truncateAll(this.sut.dataSource);
    this.agent.reset();
    this.graph.reset();
    this.agentAnswersAt = [];
    this.graphSends = 0;
    this.answerAgents({ status: 'accepted' });
    this.answerGraph();
  }

  async stop(): Promise<void> {
    await this.sut?.close();
    await this.database?.drop();
    await this.agent?.stop();
    await this.graph?.stop();
  }
}
