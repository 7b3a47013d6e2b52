import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TableColumn, TableIndex } from 'typeorm';

// What the durable pipeline needs on each row: how the message is handled (so a restart or a
// replay processes it the same way), when its next attempt is due, and who holds it (a lease that
// expires, so a crashed instance's work is picked up again). Outbound sends get a lease too.
export class AddProcessingState1763700011000 implements MigrationInterface {
  name = 'AddProcessingState1763700011000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('webhook_messages', [
      new TableColumn({ name: 'handling', type: 'varchar', length: '16', default: "'route'" }),
      new TableColumn({
        name: 'next_attempt_at',
        type: 'datetime',
        precision: 3,
        isNullable: true,
      }),
      new TableColumn({ name: 'locked_by', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'locked_until', type: 'datetime', precision: 3, isNullable: true }),
    ]);
    await queryRunner.createIndex(
      'webhook_messages',
      new TableIndex({
        name: 'idx_webhook_messages_status_next_attempt',
        columnNames: ['status', 'next_attempt_at'],
      }),
    );
    await queryRunner.addColumn(
      'outbound_messages',
      new TableColumn({ name: 'locked_until', type: 'datetime', precision: 3, isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('outbound_messages', 'locked_until');
    await queryRunner.dropIndex('webhook_messages', 'idx_webhook_messages_status_next_attempt');
    await queryRunner.dropColumn('webhook_messages', 'locked_until');
    await queryRunner.dropColumn('webhook_messages', 'locked_by');
    await queryRunner.dropColumn('webhook_messages', 'next_attempt_at');
    await queryRunner.dropColumn('webhook_messages', 'handling');
  }
}
