import { foldForMatching } from 'src/common/text/text-normalization';

// Operators search message text ignoring case and accents ("iade" finds "İADE", "sikayet" finds
// "Şikayet"). MySQL/MariaDB compare so under `utf8mb4_unicode_ci`; SQLite's LOWER and LIKE fold
// ASCII only, so every SQLite connection gets this function, which folds as the analyzer does.
const SQLITE_FOLD_FUNCTION = 'search_fold';
const MYSQL_SEARCH_COLLATION = 'utf8mb4_unicode_ci';
// `!` rather than a backslash: MySQL and SQLite read a backslash in a literal differently.
const LIKE_ESCAPE = '!';

export interface SqliteFunctionRegistry {
  function(
    name: string,
    options: { deterministic: boolean },
    implementation: (value: unknown) => unknown,
  ): unknown;
}

export function registerSqliteSearchFold(db: SqliteFunctionRegistry): void {
  db.function(SQLITE_FOLD_FUNCTION, { deterministic: true }, (value) =>
    typeof value === 'string' ? foldForMatching(value) : value,
  );
}

// `column` contains the text bound to `:parameter` (see `containsPattern`).
export function containsCondition(column: string, parameter: string, isSqlite: boolean): string {
  const pattern = `:${parameter} ESCAPE '${LIKE_ESCAPE}'`;
  return isSqlite
    ? `${SQLITE_FOLD_FUNCTION}(${column}) LIKE ${pattern}`
    : `${column} COLLATE ${MYSQL_SEARCH_COLLATION} LIKE ${pattern}`;
}

// The LIKE pattern for text searched anywhere in a column: `%` and `_` in it match themselves.
// SQLite's side is folded here, before escaping, so folding never makes a wildcard.
export function containsPattern(text: string, isSqlite: boolean): string {
  const searched = isSqlite ? foldForMatching(text) : text;
  return `%${searched.replace(/[!%_]/g, (char) => `${LIKE_ESCAPE}${char}`)}%`;
}
