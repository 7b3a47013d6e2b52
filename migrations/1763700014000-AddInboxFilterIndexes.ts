import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TableIndex } from 'typeorm';

// The operator's inbox lists messages newest first, filtered by state, platform, priority and
// category (GET /admin/messages). Each filter gets an index that leads with it and keeps the order
// (or the join to the message) in the index, so a page is a range scan, not a sort of every row.
export class AddInboxFilterIndexes1763700014000 implements MigrationInterface {
  name = 'AddInboxFilterIndexes1763700014000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndices('webhook_messages', [
      new TableIndex({
        name: 'idx_webhook_messages_status_received_at',
        columnNames: ['status', 'received_at'],
      }),
      new TableIndex({
        name: 'idx_webhook_messages_platform_received_at',
        columnNames: ['platform', 'received_at'],
      }),
    ]);
    await queryRunner.createIndices('analytics_results', [
      new TableIndex({
        name: 'idx_analytics_results_priority_level',
        columnNames: ['priority_level', 'message_id'],
      }),
      new TableIndex({
        name: 'idx_analytics_results_category',
        columnNames: ['category', 'message_id'],
      }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('analytics_results', 'idx_analytics_results_category');
    await queryRunner.dropIndex('analytics_results', 'idx_analytics_results_priority_level');
    await queryRunner.dropIndex('webhook_messages', 'idx_webhook_messages_platform_received_at');
    await queryRunner.dropIndex('webhook_messages', 'idx_webhook_messages_status_received_at');
  }
}
