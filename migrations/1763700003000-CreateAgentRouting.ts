import type { MigrationInterface, QueryRunner } from 'typeorm';
import { Table, TableForeignKey, TableIndex } from 'typeorm';

export class CreateAgentRouting1763700003000 implements MigrationInterface {
  name = 'CreateAgentRouting1763700003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'agent_routing',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
            primaryKeyConstraintName: 'pk_agent_routing',
          },
          { name: 'message_id', type: 'integer' },
          { name: 'agent', type: 'varchar', length: '32' },
          { name: 'url', type: 'varchar', length: '512' },
          { name: 'attempt', type: 'integer' },
          { name: 'is_fallback', type: 'boolean', default: '0' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'http_status', type: 'integer', isNullable: true },
          { name: 'latency_ms', type: 'integer' },
          { name: 'error', type: 'varchar', length: '1000', isNullable: true },
          { name: 'response_body', type: 'json', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({ name: 'idx_agent_routing_message_id', columnNames: ['message_id'] }),
          new TableIndex({ name: 'idx_agent_routing_created_at', columnNames: ['created_at'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_agent_routing_message_id',
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
    await queryRunner.dropTable('agent_routing');
  }
}
