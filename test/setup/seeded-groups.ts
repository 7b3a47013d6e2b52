import type { DataSource } from 'typeorm';

// Seed 004's critical groups, in id order (migrations/1763700009000-SeedCriticalGroups.ts).
export const SEEDED_GROUPS: [name: string, boost: number][] = [
  ['VIP Customers', 3],
  ['Technical Support', 2],
  ['Sales Team', 2],
  ['Management', 3],
  ['Important Partners', 2],
  ['İzer Management', 3],
];

export const SEEDED_GROUP_NAMES = SEEDED_GROUPS.map(([name]) => name);

// truncateAll keeps critical_groups for its seeded rows; this drops what a test added.
export async function deleteAddedCriticalGroups(dataSource: DataSource): Promise<void> {
  await dataSource.query(
    `DELETE FROM critical_groups WHERE name NOT IN (${SEEDED_GROUP_NAMES.map(() => '?').join(', ')})`,
    SEEDED_GROUP_NAMES,
  );
}
