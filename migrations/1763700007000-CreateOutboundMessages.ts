import type { MigrationInterface, QueryRunner } from 'typeorm';
import { Table, TableForeignKey, TableIndex } from 'typeorm';

export class CreateOutboundMessages1763700007000 implements MigrationInterface {
  name = 'CreateOutboundMessages1763700007000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'outbound_messages',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
            primaryKeyConstraintName: 'pk_outbound_messages',
          },
          { name: 'message_id', type: 'integer', isNullable: true },
          { name: 'platform', type: 'varchar', length: '32' },
          { name: 'conversation_id', type: 'varchar', length: '191', isNullable: true },
          { name: 'recipient', type: 'varchar', length: '191' },
          { name: 'text', type: 'text' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'external_id', type: 'varchar', length: '191', isNullable: true },
          { name: 'attempts', type: 'integer', default: '0' },
          { name: 'last_error', type: 'varchar', length: '1000', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({
            name: 'idx_outbound_messages_platform_external_id',
            columnNames: ['platform', 'external_id'],
          }),
          new TableIndex({ name: 'idx_outbound_messages_status', columnNames: ['status'] }),
          new TableIndex({ name: 'idx_outbound_messages_created_at', columnNames: ['created_at'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_outbound_messages_message_id',
            columnNames: ['message_id'],
            referencedTableName: 'webhook_messages',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('outbound_messages');
  }
}
