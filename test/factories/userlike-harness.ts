import { OutboundService } from 'src/replies/outbound.service';
import type { UserlikeWebhookPayload } from 'test/factories/userlike-webhook.factory';
import { agentUrlsEnv } from 'test/setup/stub-agents';
import { StubHttpServer, type StubResponse } from 'test/setup/stub-http-server';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, truncateAll } from 'test/setup/test-database';

// What the Userlike webhook e2e suites share: the gateway with stand-ins for the four agents
// and Userlike's API URL.
export interface UserlikeEventJson {
  info: { cid: string; context?: Record<string, unknown> };
  packet: { name: string; payload: Record<string, unknown> };
}

export interface Triage {
  urgency_score: number | null;
  category: string | null;
  priority_level: string | null;
  sentiment: string | null;
  message_id: number;
}

export interface CountRow {
  count: number | string;
}

export interface OutboundRow {
  status: string;
  last_error: string | null;
  attempts: number | string;
  kind: string;
  recipient: string;
  text: string;
}

export const HOOK_TOKEN = 'ul-hook-secret-5b1c';
export const API_TOKEN = 'ul-api-token-77d0';
export const API_PATH = '/api/chatbot/v1/bot-1';
export const WELCOME = 'Welcome to the test shop!';
export const CRITICAL =
  'URGENT: the e-bike battery is smoking in our hallway and smells of burning, help immediately';
export const CONNECTING =
  'Thank you for your message. I am connecting you with a colleague right away.';
export const HOLDING = 'Thank you! We are looking into it and will get back to you here shortly.';
export const APOLOGY =
  'Sorry, none of our colleagues is available right now. We have your message and will get back to you as soon as possible.';
export const AGENT_NAMES = ['general', 'business', 'code', 'hub'] as const;
// Creating a MariaDB schema, migrating it and booting the app is slow on a busy machine.
export const BOOT_TIMEOUT_MS = 120_000;
// Tests that wait for a slow agent and then for the API URL call.
export const SLOW_TEST_TIMEOUT_MS = 60_000;

export function triageOf(event: UserlikeEventJson): Triage {
  return event.info.context?.triage as Triage;
}

// Stand-ins for the four agents and Userlike's API URL, and the gateway in front of them.
export class UserlikeHarness {
  readonly agents = {} as Record<(typeof AGENT_NAMES)[number], StubHttpServer>;
  api: StubHttpServer;
  database: TestDatabase;
  sut: TestApp;

  async start(kind: 'sqlite' | 'mysql', env: Record<string, string>): Promise<void> {
    for (const name of AGENT_NAMES) {
      this.agents[name] = await StubHttpServer.start();
    }
    this.api = await StubHttpServer.start();
    this.database = await TestDatabase.create(kind);
    this.sut = await TestApp.start(this.database, {
      ...agentUrlsEnv(this.agents),
      USERLIKE_WEBHOOK_TOKEN: HOOK_TOKEN,
      USERLIKE_API_URL: `${this.api.url}${API_PATH}`,
      USERLIKE_API_TOKEN: API_TOKEN,
      USERLIKE_WELCOME_MESSAGE: WELCOME,
      OUTBOUND_MAX_BACKOFF_MS: '50',
      ...env,
    });
  }

  async reset(): Promise<void> {
    await this.sut.app.get(OutboundService).whenIdle();
    await truncateAll(this.sut.dataSource);
    this.api.reset();
    this.agentsAnswer({ status: 200, body: { status: 'accepted' } });
  }

  async stop(): Promise<void> {
    await this.sut?.close();
    await this.database?.drop();
    await Promise.all([...Object.values(this.agents), this.api].map((stub) => stub?.stop()));
  }

  // Routing picks the agent by category: all of them answer alike.
  agentsAnswer(response: StubResponse): void {
    for (const agent of Object.values(this.agents)) {
      agent.reset();
      agent.respondWith(() => response);
    }
  }

  agentRequests(): { json: unknown }[] {
    return Object.values(this.agents).flatMap((agent) => agent.requests);
  }

  post(
    body: unknown,
    headers: Record<string, string> = { 'API-SECURITY-TOKEN': HOOK_TOKEN },
  ): Promise<Response> {
    return this.sut.post('/webhooks/userlike', body, headers);
  }

  async events(body: UserlikeWebhookPayload): Promise<UserlikeEventJson[]> {
    const response = await this.post(body);
    expect(response.status).toBe(200);
    return (await response.json()) as UserlikeEventJson[];
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const rows = await this.sut.dataSource.query<CountRow[]>(sql, params);
    return Number(rows[0].count);
  }

  outboundRows(): Promise<OutboundRow[]> {
    return this.sut.dataSource.query<OutboundRow[]>(
      'SELECT status, last_error, attempts, kind, recipient, text FROM outbound_messages ORDER BY id',
    );
  }
}
