import type { MigrationInterface, QueryRunner } from 'typeorm';
import { Table, TableIndex } from 'typeorm';

export class CreateImportantCustomers1763700005000 implements MigrationInterface {
  name = 'CreateImportantCustomers1763700005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'important_customers',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
            primaryKeyConstraintName: 'pk_important_customers',
          },
          { name: 'phone_number', type: 'varchar', length: '32', isNullable: true },
          { name: 'platform_user_id', type: 'varchar', length: '191', isNullable: true },
          { name: 'name', type: 'varchar', length: '255' },
          { name: 'priority_boost', type: 'integer', default: '2' },
          { name: 'is_active', type: 'boolean', default: '1' },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({
            name: 'uq_important_customers_phone_number',
            columnNames: ['phone_number'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'uq_important_customers_platform_user_id',
            columnNames: ['platform_user_id'],
            isUnique: true,
          }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('important_customers');
  }
}
