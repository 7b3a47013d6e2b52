import { OutboundService } from 'src/replies/outbound.service';
import { KORE_FIXTURE_BOT_ID, signBotkitToken } from 'test/factories/kore-botkit-payload.factory';
import { koreAuthClaims } from 'test/setup/kore-auth';
import { StubAgents } from 'test/setup/stub-agents';
import { type RecordedRequest, StubHttpServer } from 'test/setup/stub-http-server';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, truncateAll } from 'test/setup/test-database';
import { waitFor } from 'test/setup/wait-for';

export interface OutboundRow {
  kind: string;
  status: string;
  recipient: string;
  text: string;
  attempts: number | string;
  last_error: string | null;
}

export interface MessageRow {
  external_id: string;
  conversation_id: string;
  sender_id: string;
  event_type: string;
  text: string;
  status: string;
}

export interface AgentRequest {
  platform: string;
  conversation_id: string;
  text: string;
  human_handover: boolean;
  history: { sender: string; content: string }[];
}

export const BOT_ID = KORE_FIXTURE_BOT_ID;
export const CLIENT_ID = 'cs-9b1d2e3f-4a5b-5c6d-8e7f-0a1b2c3d4e5f';
export const CLIENT_SECRET = 'kore-client-secret';
export const FINAL_STATUSES = ['done', 'failed', 'dead'];
export const CRITICAL_TEXT = 'URGENT!!! my account was hacked and money is gone, help immediately';
export const PLAIN_TEXT = 'What are your opening hours?';

export function pathOf(url: string | undefined): string {
  return new URL(url ?? '').pathname;
}

export async function expectBotkitAuth(request: RecordedRequest): Promise<void> {
  const claims = await koreAuthClaims(request.headers, CLIENT_SECRET);
  expect(claims.appId).toBe(CLIENT_ID);
}

// The gateway with stand-ins for the agents, Kore's API host and a server on another origin
// that must never be called.
export class KoreBotkitHarness {
  database: TestDatabase;
  sut: TestApp;
  kore: StubHttpServer;
  elsewhere: StubHttpServer;
  agents: StubAgents;
  token: string;

  readonly outboundRows = (): Promise<OutboundRow[]> =>
    this.sut.dataSource.query<OutboundRow[]>(
      'SELECT kind, status, recipient, text, attempts, last_error FROM outbound_messages ORDER BY id',
    );
  readonly messageRows = (): Promise<MessageRow[]> =>
    this.sut.dataSource.query<MessageRow[]>(
      'SELECT external_id, conversation_id, sender_id, event_type, text, status FROM webhook_messages ORDER BY id',
    );
  readonly deliver = (
    event: string,
    payload: unknown,
    headers: Record<string, string> = { token: this.token },
    botId = BOT_ID,
  ): Promise<Response> =>
    this.sut.post(`/webhooks/kore/botkit/sdk/bots/${botId}/${event}`, payload, headers);
  // Processing goes on after the 200: wait until every message and send has ended.
  readonly settle = async (expectedOutbound: number): Promise<OutboundRow[]> => {
    await waitFor(
      this.messageRows,
      (rows) => rows.every((row) => FINAL_STATUSES.includes(row.status)),
      'messages to be processed',
    );
    const rows = await waitFor(
      this.outboundRows,
      (found) => found.length >= expectedOutbound && found.every((row) => row.status !== 'queued'),
      'outbound sends to end',
    );
    await this.sut.app.get(OutboundService).whenIdle();
    return rows;
  };

  async start(kind: 'sqlite' | 'mysql', env: Record<string, string> = {}): Promise<void> {
    this.agents = await StubAgents.start();
    this.kore = await StubHttpServer.start();
    this.elsewhere = await StubHttpServer.start();
    this.database = await TestDatabase.create(kind);
    this.sut = await TestApp.start(this.database, {
      KORE_API_HOST: this.kore.url,
      KORE_BOT_ID: BOT_ID,
      KORE_CLIENT_ID: CLIENT_ID,
      KORE_CLIENT_SECRET: CLIENT_SECRET,
      ...this.agents.env,
      // Generous: a first call on a busy machine can take seconds, and a timeout would bring in
      // agent_hub as well.
      AGENT_TIMEOUT_MS: '10000',
      OUTBOUND_MAX_BACKOFF_MS: '50',
      ...env,
    });
    this.token = await signBotkitToken(CLIENT_SECRET, { appId: CLIENT_ID });
  }

  async reset(): Promise<void> {
    await this.sut.app.get(OutboundService).whenIdle();
    await truncateAll(this.sut.dataSource);
    for (const stub of [this.kore, this.elsewhere]) {
      stub.reset();
    }
    this.agents.reset();
    this.agents.answerWith({ status: 'accepted' });
  }

  async stop(): Promise<void> {
    await this.sut?.close();
    await this.database?.drop();
    await Promise.all([this.agents?.stop(), this.kore?.stop(), this.elsewhere?.stop()]);
  }
}
