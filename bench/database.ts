import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Connection, createConnection, type RowDataPacket } from 'mysql2/promise';
import type { MysqlServer } from 'bench/bench-config';

const NAME = /^[a-z_][a-z0-9_]*$/;

// Server-wide counters: statements, transactions and log flushes per request or message.
export const SERVER_COUNTERS = [
  'Questions',
  'Com_select',
  'Com_insert',
  'Com_update',
  'Com_commit',
  'Innodb_data_fsyncs',
] as const;
export type ServerCounters = Record<(typeof SERVER_COUNTERS)[number], number>;

export interface FlushSetting {
  before: number;
  after: number;
}

// Epoch milliseconds, from the gateway's own timestamps.
export interface ProcessingWindow {
  firstReceivedAt: number | null;
  lastProcessedAt: number | null;
}

/** The bench's admin connection to the MariaDB server: its own databases only. */
export class BenchDatabase {
  private constructor(
    private readonly connection: Connection,
    private readonly server: MysqlServer,
  ) {}

  static async connect(server: MysqlServer): Promise<BenchDatabase> {
    const connection = await createConnection({
      host: server.host,
      port: server.port,
      user: server.user,
      password: server.password,
      timezone: 'Z',
    });
    // The gateway stores UTC; UNIX_TIMESTAMP() reads DATETIMEs in the session's zone.
    await connection.query("SET time_zone = '+00:00'");
    return new BenchDatabase(connection, server);
  }

  async version(): Promise<string> {
    const [rows] = await this.connection.query<RowDataPacket[]>('SELECT VERSION() AS version');
    return String(rows[0].version);
  }

  // Every commit flushed to disk: the durability the gateway promises and the baselines must match.
  async ensureDurableCommits(): Promise<FlushSetting> {
    const before = await this.flushSetting();
    if (before !== 1) {
      await this.connection.query('SET GLOBAL innodb_flush_log_at_trx_commit = 1');
    }
    return { before, after: await this.flushSetting() };
  }

  async recreate(database: string): Promise<void> {
    await this.drop(database);
    await this.connection.query(
      `CREATE DATABASE ${quoted(database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
    );
  }

  async drop(database: string): Promise<void> {
    await this.connection.query(`DROP DATABASE IF EXISTS ${quoted(database)}`);
  }

  /** Creates the gateway's tables from `schema.sql` (baseline B stores into the same ones). */
  async loadSchema(database: string, rootDir: string): Promise<void> {
    const schema = readFileSync(join(rootDir, 'schema.sql'), 'utf8');
    const connection = await createConnection({
      host: this.server.host,
      port: this.server.port,
      user: this.server.user,
      password: this.server.password,
      database,
      multipleStatements: true,
    });
    try {
      await connection.query(schema);
    } finally {
      await connection.end();
    }
  }

  // Messages with an id above `afterId` only: a warm-up batch stays out of the figures.
  async statusCounts(database: string, afterId: number): Promise<Record<string, number>> {
    const [rows] = await this.connection.query<RowDataPacket[]>(
      `SELECT status, COUNT(*) AS count FROM ${quoted(database)}.webhook_messages
        WHERE id > ? GROUP BY status`,
      [afterId],
    );
    return Object.fromEntries(rows.map((row) => [String(row.status), Number(row.count)]));
  }

  async countMessages(database: string, afterId: number): Promise<number> {
    const [rows] = await this.connection.query<RowDataPacket[]>(
      `SELECT COUNT(*) AS count FROM ${quoted(database)}.webhook_messages WHERE id > ?`,
      [afterId],
    );
    return Number(rows[0].count);
  }

  async maxMessageId(database: string): Promise<number> {
    const [rows] = await this.connection.query<RowDataPacket[]>(
      `SELECT COALESCE(MAX(id), 0) AS id FROM ${quoted(database)}.webhook_messages`,
    );
    return Number(rows[0].id);
  }

  async processingWindow(database: string, afterId: number): Promise<ProcessingWindow> {
    const [rows] = await this.connection.query<RowDataPacket[]>(
      `SELECT UNIX_TIMESTAMP(MIN(received_at)) * 1000 AS firstReceivedAt,
              UNIX_TIMESTAMP(MAX(processed_at)) * 1000 AS lastProcessedAt
         FROM ${quoted(database)}.webhook_messages WHERE id > ?`,
      [afterId],
    );
    return {
      firstReceivedAt: epochMs(rows[0]?.firstReceivedAt),
      lastProcessedAt: epochMs(rows[0]?.lastProcessedAt),
    };
  }

  // Which analyzer scored the messages: `openai`, or `heuristic` when the OpenAI call failed.
  async analyzerCounts(database: string, afterId: number): Promise<Record<string, number>> {
    const [rows] = await this.connection.query<RowDataPacket[]>(
      `SELECT analyzer, COUNT(*) AS count FROM ${quoted(database)}.analytics_results
        WHERE message_id > ? GROUP BY analyzer`,
      [afterId],
    );
    return Object.fromEntries(rows.map((row) => [String(row.analyzer), Number(row.count)]));
  }

  async serverCounters(): Promise<ServerCounters> {
    const [rows] = await this.connection.query<RowDataPacket[]>(
      'SHOW GLOBAL STATUS WHERE Variable_name IN (?)',
      [SERVER_COUNTERS],
    );
    const values = new Map(rows.map((row) => [String(row.Variable_name), Number(row.Value)]));
    return Object.fromEntries(
      SERVER_COUNTERS.map((name) => [name, values.get(name) ?? 0]),
    ) as ServerCounters;
  }

  async close(): Promise<void> {
    await this.connection.end();
  }

  private async flushSetting(): Promise<number> {
    const [rows] = await this.connection.query<RowDataPacket[]>(
      'SELECT @@innodb_flush_log_at_trx_commit AS value',
    );
    return Number(rows[0].value);
  }
}

function epochMs(value: unknown): number | null {
  return value === null || value === undefined ? null : Math.round(Number(value));
}

function quoted(database: string): string {
  if (!NAME.test(database)) {
    throw new Error(`not a database name the bench uses: ${database}`);
  }
  return `\`${database}\``;
}
