import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig, MysqlDatabaseConfig } from 'src/config/app-config';
import { registerSqliteSearchFold, type SqliteFunctionRegistry } from 'src/database/text-search';

const MIGRATIONS_GLOB = join(__dirname, '..', '..', 'migrations', '*.{ts,js}');
// Every feature keeps its tables' entities (`*.entity.ts`) in its own folder; the migrations in
// `migrations/` create exactly these tables. Found by name, so this layer imports no feature.
const ENTITIES_GLOB = join(__dirname, '..', '**', '*.entity.{ts,js}');
// A handful, should a query ever go through mysql2's `execute`.
const PREPARED_STATEMENT_CACHE = 16;

export type MysqlFlavor = 'mysql' | 'mariadb';

// The one place connection options are built; the app, the migration CLI and the tests use it.
// MySQL and MariaDB report JSON columns and defaults differently, so TypeORM must be told which
// one it talks to: the URL scheme says so (`mariadb://`), or the server's version string.
export async function resolveDataSourceOptions(
  database: DatabaseConfig,
): Promise<DataSourceOptions> {
  if (database.kind === 'sqlite') {
    return buildDataSourceOptions(database, 'mysql');
  }
  return buildDataSourceOptions(database, await detectMysqlFlavor(database));
}

async function detectMysqlFlavor(database: MysqlDatabaseConfig): Promise<MysqlFlavor> {
  if (database.url?.startsWith('mariadb:')) {
    return 'mariadb';
  }
  try {
    const connection = await createConnection({
      host: database.host,
      port: database.port,
      user: database.username,
      password: database.password,
      connectTimeout: 5000,
    });
    try {
      const [rows] = await connection.query<RowDataPacket[]>('SELECT VERSION() AS version');
      return String(rows[0]?.version).toLowerCase().includes('mariadb') ? 'mariadb' : 'mysql';
    } finally {
      await connection.end();
    }
  } catch {
    // Unreachable now: TypeORM reports the connection error itself when it connects.
    return 'mysql';
  }
}

export function buildDataSourceOptions(
  database: DatabaseConfig,
  flavor: MysqlFlavor,
): DataSourceOptions {
  const common = {
    entities: [ENTITIES_GLOB],
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each' as const,
    migrationsRun: database.isMigrationsRun,
    synchronize: false,
    logging: false,
  };
  if (database.kind === 'sqlite') {
    if (database.path !== ':memory:') {
      mkdirSync(dirname(database.path), { recursive: true });
    }
    return {
      ...common,
      type: 'better-sqlite3',
      database: database.path,
      prepareDatabase: (db: SqliteFunctionRegistry & { pragma: (sql: string) => unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
        registerSqliteSearchFold(db);
      },
    };
  }
  return {
    ...common,
    type: flavor,
    host: database.host,
    port: database.port,
    username: database.username,
    password: database.password,
    database: database.database,
    charset: 'utf8mb4_bin',
    timezone: 'Z',
    poolSize: database.poolSize,
    connectTimeout: 5000,
    extra: {
      enableKeepAlive: true,
      // A bounded wait for a connection: beyond it the pool refuses at once and ingest answers 503.
      queueLimit: database.poolSize * 50,
      // TypeORM sends plain queries, never prepared statements. mysql2's default cache of 16,000
      // of them fills four arrays of 16,000 slots per connection up front: 512 KB of heap each,
      // 16 MB at 32 connections, which every full garbage collection walks again.
      maxPreparedStatements: PREPARED_STATEMENT_CACHE,
    },
  };
}
