import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TableIndex } from 'typeorm';

// `idx_webhook_messages_status` is the leading column of both (status, next_attempt_at) and
// (status, received_at), so a lookup by state alone uses one of those. Each change of state (a
// message is marked analysed, then done) rewrote three indexes; now two.
export class DropRedundantStatusIndex1763700017000 implements MigrationInterface {
  name = 'DropRedundantStatusIndex1763700017000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('webhook_messages', 'idx_webhook_messages_status');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'webhook_messages',
      new TableIndex({ name: 'idx_webhook_messages_status', columnNames: ['status'] }),
    );
  }
}
