import { placeholdersFor } from 'src/database/row-statements';

/** One conversation of one platform: the unit messages are processed in order within. */
export function conversationKeyOf(platform: string, conversationId: string): string {
  return `${platform}\u0000${conversationId}`;
}

/** One delivery of one platform: a repeat of it has the same key. */
export function deliveryKeyOf(platform: string, externalId: string): string {
  return `${platform}\u0000${externalId}`;
}

/** Platform-scoped ids (conversations or deliveries) as a statement finds them. */
export interface KeyedIds {
  clause: string;
  parameters: unknown[];
}

/**
 * The same keys in SQL: `(platform = ? AND <idColumn> IN (?, …)) OR …`, one term per platform.
 * `platformColumn` and `idColumn` are escaped column names.
 */
export function keyClauseOf(
  platformColumn: string,
  idColumn: string,
  keys: readonly { platform: string; id: string }[],
): KeyedIds {
  const byPlatform = new Map<string, Set<string>>();
  for (const { platform, id } of keys) {
    byPlatform.set(platform, (byPlatform.get(platform) ?? new Set<string>()).add(id));
  }
  const clauses: string[] = [];
  const parameters: unknown[] = [];
  for (const [platform, ids] of byPlatform) {
    clauses.push(`(${platformColumn} = ? AND ${idColumn} IN (${placeholdersFor([...ids])}))`);
    parameters.push(platform, ...ids);
  }
  return { clause: clauses.join(' OR '), parameters };
}
