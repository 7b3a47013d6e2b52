import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import { resolveDataSourceOptions } from 'src/database/data-source-options';

export type TestDatabaseKind = 'sqlite' | 'mysql';

export function testDatabaseKinds(): TestDatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'mysql'] : ['sqlite'];
}

export function mysqlServerUrl(): string | null {
  return process.env.TEST_DATABASE_URL ?? null;
}

// One per test file: a fresh SQLite file or a fresh MySQL schema.
export class TestDatabase {
  private constructor(
    readonly kind: TestDatabaseKind,
    readonly env: Record<string, string>,
    private readonly cleanup: () => Promise<void>,
  ) {}

  static async create(kind: TestDatabaseKind): Promise<TestDatabase> {
    const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
    if (kind === 'sqlite') {
      const path = join(tmpdir(), `gateway-test-${suffix}.sqlite`);
      return new TestDatabase('sqlite', { SQLITE_PATH: path, MIGRATIONS_RUN: 'true' }, () => {
        for (const file of [path, `${path}-wal`, `${path}-shm`]) {
          rmSync(file, { force: true });
        }
        return Promise.resolve();
      });
    }
    const serverUrl = mysqlServerUrl();
    if (!serverUrl) {
      throw new Error('TEST_DATABASE_URL is not set');
    }
    const url = new URL(serverUrl);
    const name = `gw_test_${suffix}`;
    const admin = await createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    });
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    url.pathname = `/${name}`;
    return new TestDatabase(
      'mysql',
      { DATABASE_URL: url.toString(), MIGRATIONS_RUN: 'true' },
      async () => {
        await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await admin.end();
      },
    );
  }

  config(overrides: Record<string, string> = {}): AppConfig {
    return AppConfig.fromEnv({ ...this.env, LOG_LEVEL: 'silent', ...overrides });
  }

  async openDataSource(): Promise<DataSource> {
    const dataSource = new DataSource(await resolveDataSourceOptions(this.config().database));
    await dataSource.initialize();
    return dataSource;
  }

  async drop(): Promise<void> {
    await this.cleanup();
  }
}

const TABLES_CHILD_FIRST = [
  'agent_routing',
  'analytics_results',
  'message_history',
  'outbound_messages',
  'engagement_events',
  'system_stats',
  'important_customers',
  'triage_labels',
  'triage_models',
  'webhook_messages',
];

// critical_groups keeps its seeded rows.
export async function truncateAll(dataSource: DataSource): Promise<void> {
  for (const table of TABLES_CHILD_FIRST) {
    await dataSource.query(`DELETE FROM ${table}`);
  }
}

// A migrated data source on a fresh database of `kind`: opened once per suite, emptied before
// each test, closed and dropped after the suite. `dataSource` exists from the first test on.
export function useMigratedDataSource(kind: TestDatabaseKind): { readonly dataSource: DataSource } {
  let database: TestDatabase | undefined;
  let dataSource: DataSource | undefined;
  beforeAll(async () => {
    database = await TestDatabase.create(kind);
    dataSource = await database.openDataSource();
    await dataSource.runMigrations();
  });
  beforeEach(async () => {
    await truncateAll(opened());
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });
  const opened = (): DataSource => {
    if (!dataSource) {
      throw new Error('the test data source is opened in beforeAll');
    }
    return dataSource;
  };
  return {
    get dataSource(): DataSource {
      return opened();
    },
  };
}
