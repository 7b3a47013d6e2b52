import type { DataSource } from 'typeorm';
import {
  criticalGroupSeeds,
  executedMigrationCount,
  expectUtf8mb4RoundTrip,
  pendingEntityChanges,
} from 'test/setup/schema-inspection';
import { TestDatabase, testDatabaseKinds } from 'test/setup/test-database';

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
