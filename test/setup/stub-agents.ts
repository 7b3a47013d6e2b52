import type { RecordedRequest } from 'test/setup/stub-http-server';
import { StubHttpServer } from 'test/setup/stub-http-server';

// The four agent services as stub servers, and the settings that point the app at them.
export class StubAgents {
  private constructor(
    private readonly servers: Record<'general' | 'business' | 'code' | 'hub', StubHttpServer>,
  ) {}

  static async start(): Promise<StubAgents> {
    const general = await StubHttpServer.start();
    const business = await StubHttpServer.start();
    const code = await StubHttpServer.start();
    const hub = await StubHttpServer.start();
    return new StubAgents({ general, business, code, hub });
  }

  get env(): Record<string, string> {
    return {
      AGENT_GENERAL_PURPOSE_URL: this.servers.general.url,
      AGENT_BUSINESS_WORKFLOW_URL: this.servers.business.url,
      AGENT_CODE_DEBUGGER_URL: this.servers.code.url,
      AGENT_HUB_URL: this.servers.hub.url,
    };
  }

  // Every agent's requests, agent by agent.
  requests(): RecordedRequest[] {
    return Object.values(this.servers).flatMap((server) => server.requests);
  }

  answerWith(body: object): void {
    for (const server of Object.values(this.servers)) {
      server.respondWith(() => ({ status: 200, body }));
    }
  }

  reset(): void {
    for (const server of Object.values(this.servers)) {
      server.reset();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(Object.values(this.servers).map((server) => server.stop()));
  }
}
