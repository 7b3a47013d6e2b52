import { agentUrlsEnv } from 'test/setup/stub-agents';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { useSuiteFixture } from 'test/setup/suite-hooks';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, type TestDatabaseKind, truncateAll } from 'test/setup/test-database';

export interface WebhookAnswer {
  success: boolean;
  message_id: string;
  database_id: number;
  analysis: Record<string, unknown> | null;
  routing: { success: boolean; agent: string | null; response: unknown };
  processed_at: string;
  duplicate?: boolean;
}

export interface CountRow {
  count: number | string;
}

// The gateway with a stand-in for each of the four agents, all accepting without a reply.
export class IzerHarness {
  database: TestDatabase;
  sut: TestApp;
  readonly agents: Record<string, StubHttpServer> = {};

  readonly count = async (sql: string, params: unknown[] = []): Promise<number> => {
    const rows = await this.sut.dataSource.query<CountRow[]>(sql, params);
    return Number(rows[0].count);
  };

  // Registers the suite's hooks; the harness is booted from the first test on.
  static use(kind: TestDatabaseKind): IzerHarness {
    return useSuiteFixture(new IzerHarness(), kind);
  }

  async start(kind: 'sqlite' | 'mysql'): Promise<void> {
    for (const name of ['general', 'business', 'code', 'hub']) {
      this.agents[name] = await StubHttpServer.start();
    }
    this.database = await TestDatabase.create(kind);
    this.sut = await TestApp.start(this.database, {
      ...agentUrlsEnv(this.agents),
      AGENT_TIMEOUT_MS: '500',
    });
  }

  async reset(): Promise<void> {
    await truncateAll(this.sut.dataSource);
    for (const agent of Object.values(this.agents)) {
      agent.reset();
      agent.respondWith(() => ({ status: 200, body: { status: 'accepted' } }));
    }
  }

  async stop(): Promise<void> {
    await this.sut?.close();
    await this.database?.drop();
    await Promise.all(Object.values(this.agents).map((agent) => agent.stop()));
  }
}
