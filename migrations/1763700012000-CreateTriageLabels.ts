import type { MigrationInterface, QueryRunner } from 'typeorm';
import { Table, TableIndex } from 'typeorm';

// Operators' corrections of a message's triage (PUT /admin/messages/:id/triage): one per
// message, found again by the folded text, and added to the corpus when the classifier is
// retrained.
export class CreateTriageLabels1763700012000 implements MigrationInterface {
  name = 'CreateTriageLabels1763700012000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'triage_labels',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
            primaryKeyConstraintName: 'pk_triage_labels',
          },
          { name: 'message_id', type: 'integer' },
          { name: 'text_key', type: 'varchar', length: '64' },
          { name: 'text', type: 'text' },
          { name: 'language', type: 'varchar', length: '8' },
          { name: 'category', type: 'varchar', length: '16', isNullable: true },
          { name: 'priority_level', type: 'varchar', length: '16', isNullable: true },
          { name: 'predicted_category', type: 'varchar', length: '16', isNullable: true },
          { name: 'predicted_priority_level', type: 'varchar', length: '16', isNullable: true },
          { name: 'model', type: 'varchar', length: '64', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({
            name: 'uq_triage_labels_message_id',
            columnNames: ['message_id'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_triage_labels_text_key', columnNames: ['text_key'] }),
          new TableIndex({ name: 'idx_triage_labels_updated_at', columnNames: ['updated_at'] }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('triage_labels');
  }
}
