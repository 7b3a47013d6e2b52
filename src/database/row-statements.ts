import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

export interface Statement {
  sql: string;
  parameters: unknown[];
}

/**
 * Plain multi-row statements for the hot paths, built once per entity and column list: no query
 * builder and no entity hydration per call. Values are converted by TypeORM's own driver (dates,
 * JSON, booleans), so a row reads back exactly as one TypeORM wrote.
 */
export class RowStatements<E extends ObjectLiteral> {
  private readonly metadata: EntityMetadata;
  private readonly columns: ColumnMetadata[];
  private readonly insertHead: string;
  private readonly placeholders: string;
  private readonly insertTail: string;
  private readonly parentKey: Extract<keyof E, string> | null;

  constructor(
    private readonly manager: EntityManager,
    target: EntityTarget<E>,
    properties: Extract<keyof E, string>[],
    {
      isIgnoringDuplicates = false,
      upsert,
      parentKey,
    }: {
      isIgnoringDuplicates?: boolean;
      // A row whose `conflict` key exists already gets these columns of the new row instead.
      upsert?: { conflict: Extract<keyof E, string>[]; update: Extract<keyof E, string>[] };
      // A foreign key to rows other statements update in batches (`UPDATE … WHERE id IN (…)`):
      // the rows go out in its ascending order, so their foreign-key checks lock the parent rows
      // in the order those updates do, and the two never deadlock.
      parentKey?: Extract<keyof E, string>;
    } = {},
  ) {
    this.parentKey = parentKey ?? null;
    this.metadata = manager.connection.getMetadata(target);
    this.columns = properties.map((property) => this.column(property));
    const driver = manager.connection.driver;
    const verb = !isIgnoringDuplicates
      ? 'INSERT'
      : this.isSqlite
        ? 'INSERT OR IGNORE'
        : 'INSERT IGNORE';
    const names = this.columns.map((column) => driver.escape(column.databaseName)).join(', ');
    this.insertHead = `${verb} INTO ${this.table} (${names}) VALUES `;
    this.placeholders = `(${this.columns.map(() => '?').join(', ')})`;
    this.insertTail = '';
    if (upsert) {
      const escape = (property: string): string =>
        driver.escape(this.column(property).databaseName);
      this.insertTail = this.isSqlite
        ? ` ON CONFLICT (${upsert.conflict.map(escape).join(', ')}) DO UPDATE SET ` +
          upsert.update
            .map((property) => `${escape(property)} = excluded.${escape(property)}`)
            .join(', ')
        : ' ON DUPLICATE KEY UPDATE ' +
          upsert.update
            .map((property) => `${escape(property)} = VALUES(${escape(property)})`)
            .join(', ');
    }
  }

  get isSqlite(): boolean {
    return this.manager.connection.options.type === 'better-sqlite3';
  }

  get table(): string {
    return this.manager.connection.driver.escape(this.metadata.tableName);
  }

  /** The escaped column name of a property. */
  name(property: Extract<keyof E, string>): string {
    return this.manager.connection.driver.escape(this.column(property).databaseName);
  }

  /** A value as the driver stores it in the property's column. */
  value(property: Extract<keyof E, string>, value: unknown): unknown {
    return this.manager.connection.driver.preparePersistentValue(value, this.column(property));
  }

  /** A value read by a plain statement, converted as TypeORM converts the property's column. */
  read(property: Extract<keyof E, string>, raw: unknown): unknown {
    return this.manager.connection.driver.prepareHydratedValue(raw, this.column(property));
  }

  /** Runs `insert(rows)`, outside any transaction. */
  async insertAll(rows: Partial<E>[]): Promise<void> {
    const { sql, parameters } = this.insert(rows);
    await this.manager.query(sql, parameters);
  }

  /** One INSERT for all `rows` (at least one), in `parentKey`'s order when there is one. */
  insert(rows: Partial<E>[]): Statement {
    const parameters: unknown[] = [];
    const key = this.parentKey;
    for (const row of key === null ? rows : inParentOrder(rows, key)) {
      for (const column of this.columns) {
        parameters.push(
          this.manager.connection.driver.preparePersistentValue(
            row[column.propertyName as keyof E] ?? null,
            column,
          ),
        );
      }
    }
    return {
      sql: this.insertHead + Array.from(rows, () => this.placeholders).join(', ') + this.insertTail,
      parameters,
    };
  }

  private column(property: string): ColumnMetadata {
    const column = this.metadata.findColumnWithPropertyName(property);
    if (!column) {
      throw new Error(`${this.metadata.name} has no column for ${property}`);
    }
    return column;
  }
}

/**
 * Runs an UPDATE or DELETE and answers how many rows it matched: MySQL's `affectedRows`, SQLite's
 * `changes` (`manager.query` answers the driver's raw result, which differs between the two).
 */
export async function affectedRowsOf(
  manager: EntityManager,
  sql: string,
  parameters: unknown[],
): Promise<number> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, parameters, true);
    return result.affected ?? 0;
  } finally {
    if (runner !== manager.queryRunner) {
      await runner.release();
    }
  }
}

/** `?, ?, ?` for a list of values. */
export function placeholdersFor(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

/** Platform-scoped ids (conversations or deliveries) as a statement finds them. */
export interface KeyedIds {
  clause: string;
  parameters: unknown[];
}

/**
 * Platform-scoped keys (`conversationKeyOf`, `deliveryKeyOf`) in SQL: `(platform = ? AND <idColumn> IN (?, …)) OR …`, one term per platform.
 * `platformColumn` and `idColumn` are escaped column names.
 */
export function keyClauseOf(
  platformColumn: string,
  idColumn: string,
  keys: readonly { platform: string; id: string }[],
): KeyedIds {
  const byPlatform = new Map<string, Set<string>>();
  for (const { platform, id } of keys) {
    byPlatform.set(platform, (byPlatform.get(platform) ?? new Set<string>()).add(id));
  }
  const clauses: string[] = [];
  const parameters: unknown[] = [];
  for (const [platform, ids] of byPlatform) {
    clauses.push(`(${platformColumn} = ? AND ${idColumn} IN (${placeholdersFor([...ids])}))`);
    parameters.push(platform, ...ids);
  }
  return { clause: clauses.join(' OR '), parameters };
}

// A stable sort: rows of the same parent keep their order (and so their ids' order).
function inParentOrder<E extends ObjectLiteral>(rows: Partial<E>[], key: keyof E): Partial<E>[] {
  const parentOf = (row: Partial<E>): number => Number(row[key] ?? 0);
  return [...rows].sort((a, b) => parentOf(a) - parentOf(b));
}
