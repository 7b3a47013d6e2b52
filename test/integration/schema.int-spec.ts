import type { Connection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import {
  connectTo,
  criticalGroupSeeds,
  databaseNameOf,
  describeSchema,
  executedMigrationCount,
  expectUtf8mb4RoundTrip,
  openWithoutMigrations,
  pendingEntityChanges,
  SCHEMA_SQL,
  type SchemaDescription,
} from 'test/setup/schema-inspection';
import { mysqlServerUrl, TestDatabase, testDatabaseKinds } from 'test/setup/test-database';

describe.each(testDatabaseKinds())('migrations on %s', (kind) => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await TestDatabase.create(kind);
    dataSource = await database.openDataSource();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('should leave no drift between the entities and the migrated schema', async () => {
    expect(await pendingEntityChanges(dataSource)).toEqual([]);
  });

  it('should round-trip utf8mb4 text byte for byte', async () => {
    await expectUtf8mb4RoundTrip(dataSource);
  });

  it('should revert every migration and apply them all again without drift', async () => {
    const migrationCount = dataSource.migrations.length;
    expect(await executedMigrationCount(dataSource)).toBe(migrationCount);

    let reverted = 0;
    while ((await executedMigrationCount(dataSource)) > 0) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      reverted += 1;
      expect(reverted).toBeLessThanOrEqual(migrationCount);
    }
    const queryRunner = dataSource.createQueryRunner();
    try {
      for (const { tableName } of dataSource.entityMetadatas) {
        expect({ tableName, exists: await queryRunner.hasTable(tableName) }).toEqual({
          tableName,
          exists: false,
        });
      }
    } finally {
      await queryRunner.release();
    }

    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied).toHaveLength(migrationCount);
    expect(await pendingEntityChanges(dataSource)).toEqual([]);
    expect(await criticalGroupSeeds(dataSource)).toHaveLength(6);
  });
});

const serverUrl = mysqlServerUrl();

// MySQL/MariaDB only: schema.sql is MySQL DDL, and information_schema is what it is checked by.
if (serverUrl) {
  describe('schema.sql', () => {
    let migrated: TestDatabase;
    let fromSql: TestDatabase;
    let migratedSource: DataSource;
    let fromSqlSource: DataSource;
    let admin: Connection;
    let expected: SchemaDescription;
    let actual: SchemaDescription;

    beforeAll(async () => {
      admin = await connectTo(serverUrl);
      migrated = await TestDatabase.create('mysql');
      fromSql = await TestDatabase.create('mysql');
      // A database default other than utf8mb4_bin shows both set the character set themselves.
      for (const database of [migrated, fromSql]) {
        await admin.query(
          `ALTER DATABASE \`${databaseNameOf(database)}\` CHARACTER SET latin1 COLLATE latin1_swedish_ci`,
        );
      }

      migratedSource = await migrated.openDataSource();

      const connection = await connectTo(fromSql.env.DATABASE_URL);
      try {
        await connection.query(SCHEMA_SQL);
        // Twice: the file must be re-runnable without duplicating seed or bookkeeping rows.
        await connection.query(SCHEMA_SQL);
      } finally {
        await connection.end();
      }
      fromSqlSource = await openWithoutMigrations(fromSql);

      const migrationsTable = migratedSource.options.migrationsTableName ?? 'migrations';
      expected = await describeSchema(admin, databaseNameOf(migrated), migrationsTable);
      actual = await describeSchema(admin, databaseNameOf(fromSql), migrationsTable);
    });

    afterAll(async () => {
      await migratedSource?.destroy();
      await fromSqlSource?.destroy();
      await migrated?.drop();
      await fromSql?.drop();
      await admin?.end();
    });

    it('should create exactly the tables of the entities', () => {
      const entityTables = migratedSource.entityMetadatas.map(({ tableName }) => tableName).sort();
      expect(expected.tables.map(({ tableName }) => tableName)).toEqual(entityTables);
      expect(actual.tables.map(({ tableName }) => tableName)).toEqual(entityTables);
    });

    it('should set the same database and table character sets as the migrations', () => {
      expect(actual.database).toEqual([{ characterSet: 'utf8mb4', collation: 'utf8mb4_bin' }]);
      expect(actual.database).toEqual(expected.database);
      expect(actual.tables).toEqual(expected.tables);
    });

    it('should create the same columns as the migrations', () => {
      expect(expected.columns).not.toHaveLength(0);
      expect(actual.columns).toEqual(expected.columns);
    });

    it('should create the same indexes as the migrations', () => {
      expect(expected.indexes).not.toHaveLength(0);
      expect(actual.indexes).toEqual(expected.indexes);
    });

    it('should create the same foreign keys as the migrations', () => {
      expect(expected.foreignKeys).not.toHaveLength(0);
      expect(actual.foreignKeys).toEqual(expected.foreignKeys);
    });

    it('should create the same constraints and checks as the migrations', () => {
      expect(expected.constraints).not.toHaveLength(0);
      expect(actual.constraints).toEqual(expected.constraints);
      expect(actual.checks).toEqual(expected.checks);
    });

    it('should seed the same critical groups as the migrations', async () => {
      const seeded = await criticalGroupSeeds(migratedSource);
      expect(seeded.length).toBeGreaterThan(0);
      expect(await criticalGroupSeeds(fromSqlSource)).toEqual(seeded);
    });

    it('should record every migration as applied', async () => {
      const table = migratedSource.options.migrationsTableName ?? 'migrations';
      const sql = `SELECT timestamp, name FROM ${table} ORDER BY id`;
      const applied =
        await fromSqlSource.query<{ timestamp: number | string; name: string }[]>(sql);
      expect(applied).toEqual(await migratedSource.query(sql));
      expect(await fromSqlSource.showMigrations()).toBe(false);
    });

    it('should leave no drift between the entities and the schema', async () => {
      expect(await pendingEntityChanges(fromSqlSource)).toEqual([]);
    });

    it('should round-trip utf8mb4 text byte for byte', async () => {
      await expectUtf8mb4RoundTrip(fromSqlSource);
    });
  });
}
