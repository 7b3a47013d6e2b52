import type { MigrationInterface, QueryRunner } from 'typeorm';
import { Table, TableForeignKey, TableIndex } from 'typeorm';

export class CreateAnalyticsResults1763700002000 implements MigrationInterface {
  name = 'CreateAnalyticsResults1763700002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'analytics_results',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
            primaryKeyConstraintName: 'pk_analytics_results',
          },
          { name: 'message_id', type: 'integer' },
          { name: 'urgency_score', type: 'integer' },
          { name: 'category', type: 'varchar', length: '16' },
          { name: 'sentiment', type: 'varchar', length: '16' },
          { name: 'keywords', type: 'json' },
          { name: 'priority_level', type: 'varchar', length: '16' },
          { name: 'action_required', type: 'boolean' },
          { name: 'recommended_response_time', type: 'varchar', length: '16' },
          { name: 'language', type: 'varchar', length: '8' },
          { name: 'analyzer', type: 'varchar', length: '16' },
          { name: 'reasoning', type: 'varchar', length: '1000' },
          { name: 'should_notify', type: 'boolean' },
          { name: 'vip_boost', type: 'integer', default: '0' },
          { name: 'model', type: 'varchar', length: '64', isNullable: true },
          { name: 'latency_ms', type: 'integer' },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({
            name: 'uq_analytics_results_message_id',
            columnNames: ['message_id'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_analytics_results_created_at', columnNames: ['created_at'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_analytics_results_message_id',
            columnNames: ['message_id'],
            referencedTableName: 'webhook_messages',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('analytics_results');
  }
}
