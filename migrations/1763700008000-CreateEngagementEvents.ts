import type { MigrationInterface, QueryRunner } from 'typeorm';
import { Table, TableIndex } from 'typeorm';

export class CreateEngagementEvents1763700008000 implements MigrationInterface {
  name = 'CreateEngagementEvents1763700008000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'engagement_events',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
            primaryKeyConstraintName: 'pk_engagement_events',
          },
          { name: 'user_id', type: 'varchar', length: '191' },
          { name: 'event_type', type: 'varchar', length: '64' },
          { name: 'is_clicked', type: 'boolean' },
          { name: 'platform', type: 'varchar', length: '32', isNullable: true },
          { name: 'message_id', type: 'integer', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({
            name: 'idx_engagement_events_user_id_created_at',
            columnNames: ['user_id', 'created_at'],
          }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('engagement_events');
  }
}
