const MS_PER_HOUR = 3_600_000;

// The window of `/stats` and `/stats/timeseries`: the last `hours`, ending now.
export function windowStart(hours: number, now: Date): Date {
  return new Date(now.getTime() - hours * MS_PER_HOUR);
}

export function nearestRank(percentile: number, count: number): number | null {
  if (count <= 0) {
    return null;
  }
  return Math.min(count, Math.max(1, Math.ceil((percentile / 100) * count)));
}

// `null` when there is nothing to average, so "no data" is never read as a real zero.
export function averageOf(sum: number, count: number, decimals: number): number | null {
  if (count <= 0) {
    return null;
  }
  const factor = 10 ** decimals;
  return Math.round((sum / count) * factor) / factor;
}

// Keys come out sorted so the answer does not depend on the driver's row order.
export function countBy<T>(
  rows: readonly T[],
  keyOf: (row: T) => string,
  countOf: (row: T) => number,
): Record<string, number> {
  const totals = new Map<string, number>();
  for (const row of rows) {
    totals.set(keyOf(row), (totals.get(keyOf(row)) ?? 0) + countOf(row));
  }
  return Object.fromEntries([...totals].sort(([a], [b]) => a.localeCompare(b)));
}

export function sumOf<T>(rows: readonly T[], valueOf: (row: T) => number): number {
  return rows.reduce((sum, row) => sum + valueOf(row), 0);
}
