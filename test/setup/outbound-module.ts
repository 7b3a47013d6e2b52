import { Logger } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { Platform } from 'src/core/inbound-message';
import { OutboundMessage } from 'src/replies/outbound-message.entity';
import { OutboundService } from 'src/replies/outbound.service';
import { RepliesModule } from 'src/replies/replies.module';
import {
  registerTestPlatformClient,
  type TestPlatformClient,
} from 'test/factories/test-platform-client.factory';
import { createDatabaseTestingModule } from 'test/factories/testing-module.factory';
import { BOOT_TIMEOUT_MS } from 'test/setup/admin-api';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestDatabase, type TestDatabaseKind, truncateAll } from 'test/setup/test-database';

/**
 * The replies module on a fresh database, its test platform client pointed at a stand-in
 * platform API, as the outbound integration suites use it: booted once per suite, every test
 * starting from empty tables and a fresh stand-in, and no send left in flight after it.
 */
export class OutboundModuleHarness {
  database!: TestDatabase;
  platformApi!: StubHttpServer;
  moduleRef!: TestingModule;
  dataSource!: DataSource;
  client!: TestPlatformClient;
  sut!: OutboundService;

  // Registers the suite's hooks; `env` is added to the module's configuration.
  static use(kind: TestDatabaseKind, env: Record<string, string> = {}): OutboundModuleHarness {
    const h = new OutboundModuleHarness();
    beforeAll(() => h.start(kind, env), BOOT_TIMEOUT_MS);
    beforeEach(() => h.reset());
    afterEach(() => h.sut.whenIdle());
    afterAll(() => h.stop());
    return h;
  }

  readonly rowOf = (id: number): Promise<OutboundMessage> =>
    this.dataSource.getRepository(OutboundMessage).findOneByOrFail({ id });

  private async start(kind: TestDatabaseKind, env: Record<string, string>): Promise<void> {
    Logger.overrideLogger(false);
    this.platformApi = await StubHttpServer.start();
    this.database = await TestDatabase.create(kind);
    const config = this.database.config(env);
    this.moduleRef = await createDatabaseTestingModule(config, [RepliesModule]).compile();
    await this.moduleRef.init();
    this.dataSource = this.moduleRef.get(DataSource);
    this.sut = this.moduleRef.get(OutboundService);
    this.client = registerTestPlatformClient(
      this.moduleRef,
      Platform.WhatsApp,
      this.platformApi.url,
    );
  }

  private async reset(): Promise<void> {
    await truncateAll(this.dataSource);
    this.platformApi.reset();
    this.client.reset();
    this.client.baseUrl = this.platformApi.url;
  }

  private async stop(): Promise<void> {
    await this.moduleRef?.close();
    await this.database?.drop();
    await this.platformApi?.stop();
  }
}
