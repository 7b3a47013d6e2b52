import { Platform } from 'src/core/inbound-message';
import { OutboundMessage } from 'src/replies/outbound-message.entity';
import { registerTestPlatformClient } from 'test/factories/test-platform-client.factory';
import { ADMIN_TOKEN } from 'test/setup/admin-api';
import { oneAgentEnv } from 'test/setup/stub-agents';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { useSuiteFixture } from 'test/setup/suite-hooks';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, type TestDatabaseKind, truncateAll } from 'test/setup/test-database';
import { waitFor } from 'test/setup/wait-for';

export const AGENT_REPLY = 'Mağazamız hafta içi 09:00–18:00 arası açık.';

/**
 * The gateway with ADMIN_API_TOKEN set, a stub agent that answers AGENT_REPLY and a stub platform
 * API standing in for İzer's client, as the admin message suites use it: booted once per suite,
 * every test starting from empty tables and fresh stubs.
 */
export class AdminMessagesApp {
  sut!: TestApp;
  agent!: StubHttpServer;
  platformApi!: StubHttpServer;
  private database?: TestDatabase;

  // Registers the suite's hooks; the app exists from the first test on.
  static use(kind: TestDatabaseKind): AdminMessagesApp {
    return useSuiteFixture(new AdminMessagesApp(), kind);
  }

  count = async (table: string): Promise<number> => {
    const rows = await this.sut.dataSource.query<{ count: number | string }[]>(
      `SELECT COUNT(*) AS count FROM ${table}`,
    );
    return Number(rows[0].count);
  };

  outboundRowWhen = (
    id: number,
    isDone: (row: OutboundMessage) => boolean,
  ): Promise<OutboundMessage> =>
    waitFor(
      () => this.sut.dataSource.getRepository(OutboundMessage).findOneByOrFail({ id }),
      isDone,
      `outbound message ${id} to reach the expected state`,
    );

  async start(kind: TestDatabaseKind): Promise<void> {
    this.agent = await StubHttpServer.start();
    this.platformApi = await StubHttpServer.start();
    this.database = await TestDatabase.create(kind);
    this.sut = await TestApp.start(this.database, {
      ...oneAgentEnv(this.agent),
      // Generous: the agent stand-in answers at once, and a timeout would hide its HTTP status.
      AGENT_TIMEOUT_MS: '5000',
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      OUTBOUND_MAX_ATTEMPTS: '2',
      OUTBOUND_MAX_BACKOFF_MS: '50',
    });
    // İzer answers in its webhook and has no client of its own: the stand-in takes its place.
    registerTestPlatformClient(this.sut.app, Platform.Izer, this.platformApi.url);
  }

  async reset(): Promise<void> {
    await truncateAll(this.sut.dataSource);
    this.agent.reset();
    this.agent.respondWith(() => ({ status: 200, body: { reply: AGENT_REPLY } }));
    this.platformApi.reset();
  }

  async stop(): Promise<void> {
    await this.sut?.close();
    await this.database?.drop();
    await this.agent?.stop();
    await this.platformApi?.stop();
  }
}
