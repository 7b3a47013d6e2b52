import type { RecordedRequest } from 'test/setup/stub-http-server';
import { StubHttpServer } from 'test/setup/stub-http-server';

type AgentKey = 'general' | 'business' | 'code' | 'hub';

// The settings that point the app's four agent services at `servers`, one each.
export function agentUrlsEnv(servers: Record<AgentKey, { url: string }>): Record<string, string> {
  return {
    AGENT_GENERAL_PURPOSE_URL: servers.general.url,
    AGENT_BUSINESS_WORKFLOW_URL: servers.business.url,
    AGENT_CODE_DEBUGGER_URL: servers.code.url,
    AGENT_HUB_URL: servers.hub.url,
  };
}

// The settings that point all four agent services at one server.
export function oneAgentEnv(server: { url: string }): Record<string, string> {
  return agentUrlsEnv({ general: server, business: server, code: server, hub: server });
}

// The four agent services as stub servers, and the settings that point the app at them.
export class StubAgents {
  private constructor(private readonly servers: Record<AgentKey, StubHttpServer>) {}

  static async start(): Promise<StubAgents> {
    const general = await StubHttpServer.start();
    const business = await StubHttpServer.start();
    const code = await StubHttpServer.start();
    const hub = await StubHttpServer.start();
    return new StubAgents({ general, business, code, hub });
  }

  get env(): Record<string, string> {
    return agentUrlsEnv(this.servers);
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
