import { kindlyHeaders, type KindlyPayload } from 'test/factories/kindly-payload.factory';
import { buildKindlyTranscript } from 'test/factories/kindly-transcript.factory';
import { oneAgentEnv } from 'test/setup/stub-agents';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, truncateAll } from 'test/setup/test-database';

export const SECRET = 'kindly-webhook-secret';
export const API_KEY = 'kindly-bot-api-key-7d1f';
// Generous: these tests are about what is answered, not how fast.
export const ANSWER_TIMEOUT_MS = 30000;
export const TRIAGE_NOTICE =
  'Hi, we noticed something important in your message. A member of our team will get back to you shortly.';

export interface KindlyAnswer {
  reply?: string;
  new_context: {
    triage_status: string;
    triage_message_id: number;
    urgency_score: number | null;
    category: string | null;
    priority_level: string | null;
    sentiment: string | null;
    action_required: boolean | null;
  };
}

export interface AgentRequestBody {
  conversation_id: string;
  text: string;
  history: { sender: string; content: string; timestamp: string | null; type: string }[];
}

export interface CountRow {
  count: number | string;
}

export const CONTEXT_KEYS = [
  'action_required',
  'category',
  'priority_level',
  'sentiment',
  'triage_message_id',
  'triage_status',
  'urgency_score',
];

// The gateway with stand-ins for the agents, Kindly's transcript API and two servers that must
// never hear from it.
export class KindlyHarness {
  database: TestDatabase;
  sut: TestApp;
  agent: StubHttpServer;
  // The Chat Transcript API stand-in, the one origin in KINDLY_API_ORIGINS.
  kindlyApi: StubHttpServer;
  // A server that is in no allow-list: it must never hear from the gateway.
  outsider: StubHttpServer;
  // Listed only as https://; it speaks plain http, so an http:// request would reach it.
  httpsOnly: StubHttpServer;

  async start(kind: 'sqlite' | 'mysql'): Promise<void> {
    this.agent = await StubHttpServer.start();
    this.kindlyApi = await StubHttpServer.start();
    this.outsider = await StubHttpServer.start();
    this.httpsOnly = await StubHttpServer.start();
    this.database = await TestDatabase.create(kind);
    this.sut = await TestApp.start(this.database, {
      KINDLY_WEBHOOK_SECRET: SECRET,
      KINDLY_API_KEY: API_KEY,
      KINDLY_API_ORIGINS: `${this.kindlyApi.url}, ${this.httpsOnly.url.replace('http://', 'https://')}`,
      KINDLY_ANSWER_TIMEOUT_MS: String(ANSWER_TIMEOUT_MS),
      ...oneAgentEnv(this.agent),
      AGENT_TIMEOUT_MS: '10000',
    });
  }

  async reset(): Promise<void> {
    await truncateAll(this.sut.dataSource);
    for (const stub of this.stubs()) {
      stub.reset();
    }
    this.agent.respondWith(() => ({ status: 200, body: { reply: 'Your order ships tomorrow.' } }));
    this.kindlyApi.respondWith((request) => {
      const chatId = request.path.split('/').pop() ?? '';
      return { status: 200, body: buildKindlyTranscript(chatId, 'where is my order') };
    });
  }

  async stop(): Promise<void> {
    await this.sut?.close();
    await this.database?.drop();
    await Promise.all(this.stubs().map((stub) => stub?.stop()));
  }

  readonly count = async (sql: string, params: unknown[] = []): Promise<number> => {
    const rows = await this.sut.dataSource.query<CountRow[]>(sql, params);
    return Number(rows[0].count);
  };

  readonly deliver = (
    payload: KindlyPayload | string,
    headers?: Record<string, string>,
  ): Promise<Response> => {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    return this.sut.post('/webhooks/kindly', body, headers ?? kindlyHeaders(body, SECRET));
  };

  readonly answerOf = async (response: Response): Promise<KindlyAnswer> => {
    expect(response.status).toBe(200);
    return (await response.json()) as KindlyAnswer;
  };

  readonly transcriptUrl = (payload: KindlyPayload): string =>
    `${this.kindlyApi.url}/api/v1/chats/${payload.chat_id}`;

  readonly everyStandInRequest = () => this.stubs().flatMap((stub) => stub.requests);

  private stubs(): StubHttpServer[] {
    return [this.agent, this.kindlyApi, this.outsider, this.httpsOnly];
  }
}
