import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TableColumn } from 'typeorm';

// Where a message's replies go (set by the platform adapter), and what an outbound send needs
// beyond its recipient, so both survive a restart and a replay.
export class AddReplyAddresses1763700010000 implements MigrationInterface {
  name = 'AddReplyAddresses1763700010000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'webhook_messages',
      new TableColumn({ name: 'reply_to', type: 'json', isNullable: true }),
    );
    await queryRunner.addColumns('outbound_messages', [
      new TableColumn({ name: 'kind', type: 'varchar', length: '16', default: "'reply'" }),
      new TableColumn({ name: 'delivery', type: 'json', isNullable: true }),
      new TableColumn({ name: 'sent_at', type: 'datetime', precision: 3, isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('outbound_messages', 'sent_at');
    await queryRunner.dropColumn('outbound_messages', 'delivery');
    await queryRunner.dropColumn('outbound_messages', 'kind');
    await queryRunner.dropColumn('webhook_messages', 'reply_to');
  }
}
