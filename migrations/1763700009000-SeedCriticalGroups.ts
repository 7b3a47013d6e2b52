import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Seed 004's prioritised groups; admins change them through /admin/critical-groups. */
const GROUPS: [name: string, boost: number][] = [
  ['VIP Customers', 3],
  ['Technical Support', 2],
  ['Sales Team', 2],
  ['Management', 3],
  ['Important Partners', 2],
  ['İzer Management', 3],
];

export class SeedCriticalGroups1763700009000 implements MigrationInterface {
  name = 'SeedCriticalGroups1763700009000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const createdAt = new Date().toISOString().replace('T', ' ').replace('Z', '');
    for (const [name, boost] of GROUPS) {
      await queryRunner.query(
        'INSERT INTO critical_groups (name, priority_boost, is_active, created_at) VALUES (?, ?, ?, ?)',
        [name, boost, 1, createdAt],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of GROUPS) {
      await queryRunner.query('DELETE FROM critical_groups WHERE name = ?', [name]);
    }
  }
}
