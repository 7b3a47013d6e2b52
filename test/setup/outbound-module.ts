import { Logger } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { Platform } from 'src/core/inbound-message';
import { OutboundStatus } from 'src/core/outbound-status';
import { OutboundMessage } from 'src/replies/outbound-message.entity';
import { OutboundService } from 'src/replies/outbound.service';
import { RepliesModule } from 'src/replies/replies.module';
import { insertOutboundMessage } from 'test/factories/outbound-message.factory';
import {
  registerTestPlatformClient,
  type TestPlatformClient,
  type TestPlatformRequestBody,
} from 'test/factories/test-platform-client.factory';
import { createDatabaseTestingModule } from 'test/factories/testing-module.factory';
import { BOOT_TIMEOUT_MS } from 'test/setup/admin-api';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestDatabase, type TestDatabaseKind, truncateAll } from 'test/setup/test-database';

// What the delivery, retry and hand-over order suites send with: three attempts, at most 20 ms
// between them, and a timeout long enough that no send times out by accident on a busy machine.
export const OUTBOUND_MAX_ATTEMPTS = 3;
export const RETRYING_ENV: Record<string, string> = {
  OUTBOUND_MAX_ATTEMPTS: String(OUTBOUND_MAX_ATTEMPTS),
  OUTBOUND_MAX_BACKOFF_MS: '20',
  OUTBOUND_TIMEOUT_MS: '10000',
};

/** A replies module booted on the harness's database, with its own test platform client. */
interface BootedModule {
  moduleRef: TestingModule;
  sut: OutboundService;
  client: TestPlatformClient;
}

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
  private env: Record<string, string> = {};

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

  // Queues free text to `recipient` on WhatsApp and answers the row's id.
  readonly proactive = (
    recipient = '905551234567',
    conversationId: string | null = null,
  ): Promise<number> =>
    this.sut.queueProactive({
      platform: Platform.WhatsApp,
      recipient,
      text: 'Siparişiniz yola çıktı 🚲',
      conversationId,
    });

  // Stores a `queued` row as a crash or another instance leaves it (by default a proactive send
  // nobody holds) and answers its id.
  readonly queued = (row: Partial<OutboundMessage> = {}): Promise<number> =>
    insertOutboundMessage(this.dataSource, {
      status: OutboundStatus.Queued,
      attempts: 0,
      lastError: null,
      ...row,
    });

  // The recipients and the kinds of the sends the stand-in received, in order.
  readonly sentTo = (): string[] => this.bodiesSent().map((body) => body.to);
  readonly kindsSent = (): string[] => this.bodiesSent().map((body) => body.kind);

  // A second replies module on the suite's (already migrated) database, for the tests of the
  // enclosing describe block: the suite's configuration with `env` on top, its own client posting
  // to the same stand-in. `sut` exists from the block's first test on.
  useModule(env: Record<string, string>): { readonly sut: OutboundService } {
    let booted: BootedModule | undefined;
    beforeAll(async () => {
      booted = await this.boot({ ...this.env, ...env, MIGRATIONS_RUN: 'false' });
    }, BOOT_TIMEOUT_MS);
    afterAll(async () => {
      await booted?.moduleRef.close();
    });
    return {
      get sut(): OutboundService {
        if (!booted) {
          throw new Error('the module is booted in beforeAll');
        }
        return booted.sut;
      },
    };
  }

  private bodiesSent(): TestPlatformRequestBody[] {
    return this.platformApi.requests.map((request) => request.json as TestPlatformRequestBody);
  }

  private async start(kind: TestDatabaseKind, env: Record<string, string>): Promise<void> {
    Logger.overrideLogger(false);
    this.env = env;
    this.platformApi = await StubHttpServer.start();
    this.database = await TestDatabase.create(kind);
    ({ moduleRef: this.moduleRef, sut: this.sut, client: this.client } = await this.boot(env));
    this.dataSource = this.moduleRef.get(DataSource);
  }

  private async boot(env: Record<string, string>): Promise<BootedModule> {
    const config = this.database.config(env);
    const moduleRef = await createDatabaseTestingModule(config, [RepliesModule]).compile();
    await moduleRef.init();
    const client = registerTestPlatformClient(moduleRef, Platform.WhatsApp, this.platformApi.url);
    return { moduleRef, sut: moduleRef.get(OutboundService), client };
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
