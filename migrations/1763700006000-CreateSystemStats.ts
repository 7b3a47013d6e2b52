import type { MigrationInterface, QueryRunner } from 'typeorm';
import { Table, TableIndex } from 'typeorm';

export class CreateSystemStats1763700006000 implements MigrationInterface {
  name = 'CreateSystemStats1763700006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'system_stats',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
            primaryKeyConstraintName: 'pk_system_stats',
          },
          { name: 'metric_name', type: 'varchar', length: '64' },
          { name: 'metric_value', type: 'double' },
          { name: 'details', type: 'json', isNullable: true },
          { name: 'recorded_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({
            name: 'idx_system_stats_metric_recorded_at',
            columnNames: ['metric_name', 'recorded_at'],
          }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('system_stats');
  }
}
