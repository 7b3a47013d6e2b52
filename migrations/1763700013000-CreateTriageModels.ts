import type { MigrationInterface, QueryRunner } from 'typeorm';
import { Table, TableIndex } from 'typeorm';

// Classifier models retrained with operators' corrections (POST /admin/triage/retrain) that
// passed the test split: every instance loads the newest at boot and picks up later ones.
export class CreateTriageModels1763700013000 implements MigrationInterface {
  name = 'CreateTriageModels1763700013000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'triage_models',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
            primaryKeyConstraintName: 'pk_triage_models',
          },
          { name: 'version', type: 'varchar', length: '64' },
          { name: 'base_version', type: 'varchar', length: '64' },
          // A JSON string (the gzipped model in base64, a few MB): more than MySQL's TEXT holds,
          // and the one large type TypeORM maps alike on MySQL, MariaDB and SQLite.
          { name: 'model', type: 'json' },
          { name: 'figures', type: 'json' },
          { name: 'corrections', type: 'integer' },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({ name: 'idx_triage_models_base_version', columnNames: ['base_version'] }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('triage_models');
  }
}
