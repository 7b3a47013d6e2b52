import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TableColumn } from 'typeorm';

// The template a send carries (WhatsApp's `type: "template"`), so a retry, a recovery after a
// restart or an admin's retry sends the same template again.
export class AddOutboundTemplate1763700016000 implements MigrationInterface {
  name = 'AddOutboundTemplate1763700016000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'outbound_messages',
      new TableColumn({ name: 'template', type: 'json', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('outbound_messages', 'template');
  }
}
