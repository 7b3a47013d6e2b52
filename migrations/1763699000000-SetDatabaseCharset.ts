import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tables created after this inherit utf8mb4 (emoji, Turkish, RTL text round-trip byte for byte)
 * with a binary collation, so platform ids that differ only in case stay distinct.
 * SQLite stores UTF-8 and compares bytes already.
 */
export class SetDatabaseCharset1763699000000 implements MigrationInterface {
  name = 'SetDatabaseCharset1763699000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'better-sqlite3') {
      return;
    }
    await queryRunner.query('ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_bin');
  }

  async down(): Promise<void> {
    // The previous default is not recorded; utf8mb4 stays, which is harmless.
  }
}
