import type { MigrationInterface, QueryRunner } from 'typeorm';
import { Table, TableIndex } from 'typeorm';

export class CreateWebhookMessages1763700000000 implements MigrationInterface {
  name = 'CreateWebhookMessages1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'webhook_messages',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
            primaryKeyConstraintName: 'pk_webhook_messages',
          },
          { name: 'platform', type: 'varchar', length: '32' },
          { name: 'external_id', type: 'varchar', length: '191' },
          { name: 'conversation_id', type: 'varchar', length: '191' },
          { name: 'conversation_name', type: 'varchar', length: '255', isNullable: true },
          { name: 'sender_id', type: 'varchar', length: '191' },
          { name: 'sender_name', type: 'varchar', length: '255', isNullable: true },
          { name: 'sender_phone', type: 'varchar', length: '32', isNullable: true },
          { name: 'event_type', type: 'varchar', length: '32' },
          { name: 'text', type: 'text' },
          { name: 'attachments', type: 'json', isNullable: true },
          { name: 'raw_payload', type: 'json', isNullable: true },
          { name: 'status', type: 'varchar', length: '16', default: "'received'" },
          { name: 'attempts', type: 'integer', default: '0' },
          { name: 'last_error', type: 'varchar', length: '1000', isNullable: true },
          { name: 'duplicate_count', type: 'integer', default: '0' },
          { name: 'sent_at', type: 'datetime', precision: 3 },
          { name: 'received_at', type: 'datetime', precision: 3 },
          { name: 'processed_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'processing_ms', type: 'integer', isNullable: true },
        ],
        indices: [
          new TableIndex({
            name: 'uq_webhook_messages_platform_external_id',
            columnNames: ['platform', 'external_id'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'idx_webhook_messages_conversation',
            columnNames: ['platform', 'conversation_id'],
          }),
          new TableIndex({
            name: 'idx_webhook_messages_received_at',
            columnNames: ['received_at'],
          }),
          new TableIndex({ name: 'idx_webhook_messages_status', columnNames: ['status'] }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('webhook_messages');
  }
}
