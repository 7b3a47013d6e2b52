import type { MigrationInterface, QueryRunner } from 'typeorm';
import { Table, TableIndex } from 'typeorm';

export class CreateCriticalGroups1763700004000 implements MigrationInterface {
  name = 'CreateCriticalGroups1763700004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'critical_groups',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
            primaryKeyConstraintName: 'pk_critical_groups',
          },
          { name: 'name', type: 'varchar', length: '191' },
          { name: 'priority_boost', type: 'integer', default: '2' },
          { name: 'is_active', type: 'boolean', default: '1' },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({
            name: 'uq_critical_groups_name',
            columnNames: ['name'],
            isUnique: true,
          }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('critical_groups');
  }
}
