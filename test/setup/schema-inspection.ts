import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { CriticalGroup } from 'src/analysis/critical-group.entity';
import { resolveDataSourceOptions } from 'src/database/data-source-options';
import { WebhookMessage } from 'src/messages/webhook-message.entity';
import { buildWebhookMessageRow } from 'test/factories/webhook-message.factory';
import type { TestDatabase } from 'test/setup/test-database';

// What the schema suites compare: the schema a database ends up with (from information_schema),
// the drift between entities and tables, the seeds, and a utf8mb4 round trip.

export const SCHEMA_SQL = readFileSync(join(__dirname, '..', '..', 'schema.sql'), 'utf8');

export const UTF8MB4_SAMPLES = [
  'Bisikletim 🚲 yanıyor 🔥',
  'İıŞşĞğ: İstanbul, ılık, şişe, dağ',
  'مرحبا، أحتاج إلى مساعدة',
  'שלום, אני צריך עזרה',
  '\u{20BB7}野家 \u{20BB7}',
  "'; DROP TABLE webhook_messages; --",
];
export const UTF8MB4_TEXT = UTF8MB4_SAMPLES.join('\n');

export type SchemaRow = Record<string, string | null>;

export interface SchemaDescription {
  database: SchemaRow[];
  tables: SchemaRow[];
  columns: SchemaRow[];
  indexes: SchemaRow[];
  foreignKeys: SchemaRow[];
  constraints: SchemaRow[];
  checks: SchemaRow[];
}

export interface CriticalGroupSeed {
  id: number;
  name: string;
  priorityBoost: number;
  isActive: boolean;
}

export function databaseNameOf(database: TestDatabase): string {
  return decodeURIComponent(new URL(database.env.DATABASE_URL).pathname.slice(1));
}

export async function connectTo(databaseUrl: string): Promise<Connection> {
  const url = new URL(databaseUrl);
  return createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.slice(1)) || undefined,
    charset: 'utf8mb4_bin',
    // schema.sql goes to the server as one batch, as the mysql client would send it.
    multipleStatements: true,
  });
}

export async function selectRows(
  connection: Connection,
  sql: string,
  parameters: string[],
): Promise<SchemaRow[]> {
  const [rows] = await connection.query<RowDataPacket[]>(sql, parameters);
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [key, value === null ? null : String(value)]),
    ),
  );
}

// Minus the database's own name, so two databases can be compared.
export async function describeSchema(
  connection: Connection,
  schema: string,
  ignoredTable: string,
): Promise<SchemaDescription> {
  const parameters = [schema, ignoredTable];
  const checks = await selectRows(
    connection,
    'SELECT * FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?',
    [schema],
  );
  return {
    database: await selectRows(
      connection,
      `SELECT DEFAULT_CHARACTER_SET_NAME AS characterSet, DEFAULT_COLLATION_NAME AS collation
       FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?`,
      [schema],
    ),
    tables: await selectRows(
      connection,
      `SELECT TABLE_NAME AS tableName, TABLE_TYPE AS tableType, ENGINE AS engine,
              TABLE_COLLATION AS collation, ROW_FORMAT AS rowFormat, TABLE_COMMENT AS comment
       FROM information_schema.TABLES
       WHERE TABLE_SCHEMA = ? AND TABLE_NAME <> ?
       ORDER BY TABLE_NAME`,
      parameters,
    ),
    columns: await selectRows(
      connection,
      `SELECT TABLE_NAME AS tableName, ORDINAL_POSITION AS position, COLUMN_NAME AS columnName,
              COLUMN_TYPE AS columnType, IS_NULLABLE AS isNullable, COLUMN_DEFAULT AS columnDefault,
              CHARACTER_SET_NAME AS characterSet, COLLATION_NAME AS collation, EXTRA AS extra,
              COLUMN_COMMENT AS comment
       FROM information_schema.COLUMNS
       WHERE TABLE_SCHEMA = ? AND TABLE_NAME <> ?
       ORDER BY TABLE_NAME, ORDINAL_POSITION`,
      parameters,
    ),
    indexes: await selectRows(
      connection,
      `SELECT TABLE_NAME AS tableName, INDEX_NAME AS indexName, SEQ_IN_INDEX AS position,
              COLUMN_NAME AS columnName, NON_UNIQUE AS nonUnique, SUB_PART AS subPart,
              INDEX_TYPE AS indexType, COLLATION AS ordering
       FROM information_schema.STATISTICS
       WHERE TABLE_SCHEMA = ? AND TABLE_NAME <> ?
       ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
      parameters,
    ),
    foreignKeys: await selectRows(
      connection,
      `SELECT rc.TABLE_NAME AS tableName, rc.CONSTRAINT_NAME AS constraintName,
              kcu.ORDINAL_POSITION AS position, kcu.COLUMN_NAME AS columnName,
              kcu.REFERENCED_TABLE_SCHEMA = kcu.TABLE_SCHEMA AS isSameSchema,
              rc.REFERENCED_TABLE_NAME AS referencedTable,
              kcu.REFERENCED_COLUMN_NAME AS referencedColumn,
              rc.DELETE_RULE AS deleteRule, rc.UPDATE_RULE AS updateRule
       FROM information_schema.REFERENTIAL_CONSTRAINTS rc
       JOIN information_schema.KEY_COLUMN_USAGE kcu
         ON kcu.CONSTRAINT_SCHEMA = rc.CONSTRAINT_SCHEMA
        AND kcu.TABLE_NAME = rc.TABLE_NAME
        AND kcu.CONSTRAINT_NAME = rc.CONSTRAINT_NAME
       WHERE rc.CONSTRAINT_SCHEMA = ? AND rc.TABLE_NAME <> ?
       ORDER BY rc.TABLE_NAME, rc.CONSTRAINT_NAME, kcu.ORDINAL_POSITION`,
      parameters,
    ),
    constraints: await selectRows(
      connection,
      `SELECT TABLE_NAME AS tableName, CONSTRAINT_NAME AS constraintName,
              CONSTRAINT_TYPE AS constraintType
       FROM information_schema.TABLE_CONSTRAINTS
       WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME <> ?
       ORDER BY TABLE_NAME, CONSTRAINT_NAME`,
      parameters,
    ),
    // MariaDB stores JSON as LONGTEXT with a json_valid() check and lists the table; MySQL doesn't.
    checks: checks
      .filter((row) => row.TABLE_NAME !== ignoredTable)
      .map((row) => ({
        tableName: row.TABLE_NAME ?? null,
        constraintName: row.CONSTRAINT_NAME,
        checkClause: row.CHECK_CLAUSE,
      }))
      .sort((a, b) =>
        `${a.tableName}.${a.constraintName}`.localeCompare(`${b.tableName}.${b.constraintName}`),
      ),
  };
}

export async function openWithoutMigrations(database: TestDatabase): Promise<DataSource> {
  const options = await resolveDataSourceOptions(
    database.config({ MIGRATIONS_RUN: 'false' }).database,
  );
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  return dataSource;
}

export async function pendingEntityChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((query) => query.query);
}

export async function executedMigrationCount(dataSource: DataSource): Promise<number> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const rows = await dataSource.query<{ count: number | string }[]>(
    `SELECT COUNT(*) AS count FROM ${table}`,
  );
  return Number(rows[0]?.count);
}

export async function criticalGroupSeeds(dataSource: DataSource): Promise<CriticalGroupSeed[]> {
  const groups = await dataSource.getRepository(CriticalGroup).find({ order: { id: 'ASC' } });
  for (const group of groups) {
    expect(Number.isNaN(group.createdAt.getTime())).toBe(false);
  }
  return groups.map(({ id, name, priorityBoost, isActive }) => ({
    id,
    name,
    priorityBoost,
    isActive,
  }));
}

export async function expectUtf8mb4RoundTrip(dataSource: DataSource): Promise<void> {
  expect(Buffer.byteLength('\u{20BB7}', 'utf8')).toBe(4);
  const repository = dataSource.getRepository(WebhookMessage);
  const saved = await repository.save(
    repository.create(
      buildWebhookMessageRow({
        platform: 'whatsapp',
        externalId: `utf8mb4-${randomUUID()}`,
        conversationId: 'conversation-utf8mb4',
        conversationName: UTF8MB4_SAMPLES[1],
        senderId: 'sender-utf8mb4',
        senderName: UTF8MB4_SAMPLES[0],
        text: UTF8MB4_TEXT,
        rawPayload: { samples: UTF8MB4_SAMPLES },
      }),
    ),
  );

  const loaded = await repository.findOneByOrFail({ id: saved.id });
  expect(Buffer.from(loaded.text, 'utf8')).toEqual(Buffer.from(UTF8MB4_TEXT, 'utf8'));
  expect(loaded.text).toBe(UTF8MB4_TEXT);
  expect(loaded.senderName).toBe(UTF8MB4_SAMPLES[0]);
  expect(loaded.conversationName).toBe(UTF8MB4_SAMPLES[1]);
  expect(loaded.rawPayload).toEqual({ samples: UTF8MB4_SAMPLES });

  // The bytes on disk are the UTF-8 encoding itself, not a double-encoded or replaced form.
  const [stored] = await dataSource.query<{ hex: string }[]>(
    'SELECT HEX(text) AS hex FROM webhook_messages WHERE id = ?',
    [saved.id],
  );
  expect(stored?.hex.toUpperCase()).toBe(
    Buffer.from(UTF8MB4_TEXT, 'utf8').toString('hex').toUpperCase(),
  );
}
