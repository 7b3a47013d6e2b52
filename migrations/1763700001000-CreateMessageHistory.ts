import type { MigrationInterface, QueryRunner } from 'typeorm';
import { Table, TableForeignKey, TableIndex } from 'typeorm';

export class CreateMessageHistory1763700001000 implements MigrationInterface {
  name = 'CreateMessageHistory1763700001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'message_history',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
            primaryKeyConstraintName: 'pk_message_history',
          },
          { name: 'platform', type: 'varchar', length: '32' },
          { name: 'conversation_id', type: 'varchar', length: '191' },
          { name: 'message_id', type: 'integer', isNullable: true },
          { name: 'sender', type: 'varchar', length: '255' },
          { name: 'content', type: 'text' },
          { name: 'content_type', type: 'varchar', length: '32' },
          { name: 'sent_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'line_hash', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({
            name: 'uq_message_history_conversation_line',
            columnNames: ['platform', 'conversation_id', 'line_hash'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'idx_message_history_conversation_sent_at',
            columnNames: ['platform', 'conversation_id', 'sent_at'],
          }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_message_history_message_id',
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
    await queryRunner.dropTable('message_history');
  }
}
