import type { LoggerService } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import type { DataSource } from 'typeorm';
import { AnalysisModule } from 'src/analysis/analysis.module';
import { AnalysisService } from 'src/analysis/analysis.service';
import { createDatabaseTestingModule } from 'test/factories/testing-module.factory';
import { deleteAddedCriticalGroups } from 'test/setup/seeded-groups';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestDatabase, type TestDatabaseKind, truncateAll } from 'test/setup/test-database';

export const MODEL = 'gpt-4o-mini-stub';
export const TIMEOUT_MS = 300;

// A valid answer of the model, for a bike whose chain keeps dropping.
export const SUPPORT_ANSWER = {
  urgency_score: 6,
  category: 'support',
  sentiment: 'negative',
  keywords: ['zincir', 'vites'],
  action_required: true,
  language: 'tr',
  reasoning: 'The chain keeps dropping; the customer needs a repair slot.',
};

const SILENT_LOGGER: LoggerService = {
  log: () => undefined,
  error: () => undefined,
  warn: () => undefined,
  debug: () => undefined,
  verbose: () => undefined,
};

/**
 * The AnalysisModule on a real database with a stub OpenAI API, as the analysis integration
 * suites use it: one database per suite, every test starting from empty tables (seed 004's groups
 * kept) and a fresh stub; each test builds its module with the configuration it needs.
 */
export class AnalysisModuleHarness {
  db!: TestDatabase;
  dataSource!: DataSource;
  stub!: StubHttpServer;
  private moduleRef: TestingModule | null = null;

  // Registers the suite's hooks; the database and the stub exist from the first test on.
  static use(kind: TestDatabaseKind): AnalysisModuleHarness {
    const harness = new AnalysisModuleHarness();
    beforeAll(() => harness.start(kind));
    afterAll(() => harness.stop());
    beforeEach(() => harness.reset());
    afterEach(() => harness.closeModule());
    return harness;
  }

  build = async (env: Record<string, string> = {}): Promise<TestingModule> => {
    const config = this.db.config({
      OPENAI_API_KEY: 'sk-test-key',
      OPENAI_BASE_URL: `${this.stub.url}/v1`,
      OPENAI_MODEL: MODEL,
      OPENAI_TIMEOUT_MS: String(TIMEOUT_MS),
      OPENAI_MAX_RETRIES: '0',
      ...env,
    });
    this.moduleRef = await createDatabaseTestingModule(config, [AnalysisModule])
      .setLogger(SILENT_LOGGER)
      .compile();
    return this.moduleRef;
  };

  analyzer = async (env: Record<string, string> = {}): Promise<AnalysisService> =>
    (await this.build(env)).get(AnalysisService);

  private async start(kind: TestDatabaseKind): Promise<void> {
    this.db = await TestDatabase.create(kind);
    this.dataSource = await this.db.openDataSource();
    this.stub = await StubHttpServer.start();
  }

  private async stop(): Promise<void> {
    await this.dataSource?.destroy();
    await this.stub?.stop();
    await this.db?.drop();
  }

  private async reset(): Promise<void> {
    this.stub.reset();
    await truncateAll(this.dataSource);
    await deleteAddedCriticalGroups(this.dataSource);
  }

  private async closeModule(): Promise<void> {
    await this.moduleRef?.close();
    this.moduleRef = null;
  }
}
