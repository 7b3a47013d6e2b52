import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TableColumn, TableIndex } from 'typeorm';

// Outbound sends take the same lease as inbound processing (`LeaseRepository`): an owner beside
// `locked_until`, and a pick-up time for recovery instead of guessing from `created_at`.
export class AddOutboundLeaseOwner1763700015000 implements MigrationInterface {
  name = 'AddOutboundLeaseOwner1763700015000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('outbound_messages', [
      new TableColumn({
        name: 'next_attempt_at',
        type: 'datetime',
        precision: 3,
        isNullable: true,
      }),
      new TableColumn({ name: 'locked_by', type: 'varchar', length: '64', isNullable: true }),
    ]);
    await queryRunner.createIndex(
      'outbound_messages',
      new TableIndex({
        name: 'idx_outbound_messages_status_next_attempt',
        columnNames: ['status', 'next_attempt_at'],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('outbound_messages', 'idx_outbound_messages_status_next_attempt');
    await queryRunner.dropColumn('outbound_messages', 'locked_by');
    await queryRunner.dropColumn('outbound_messages', 'next_attempt_at');
  }
}
