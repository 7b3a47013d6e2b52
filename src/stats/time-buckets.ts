export const TIME_BUCKETS = {
  '5m': 300,
  '15m': 900,
  '1h': 3_600,
  '6h': 21_600,
  '1d': 86_400,
} as const satisfies Record<string, number>;

export type TimeBucket = keyof typeof TIME_BUCKETS;

export const TIME_BUCKET_NAMES = Object.keys(TIME_BUCKETS) as TimeBucket[];

export const DEFAULT_TIME_BUCKET: TimeBucket = '1h';

// Buckets are aligned to the Unix epoch (whole UTC hours, UTC days), not to the window's start:
// the first bucket may begin before `since`, though it only counts rows from `since` on.
export function bucketOf(epochSeconds: number, bucketSeconds: number): number {
  return Math.floor(epochSeconds / bucketSeconds) * bucketSeconds;
}

// Every bucket from the one holding `since` to the one holding `now` (or the latest row, when a
// clock ahead of ours stored one in the future), in order, as epoch seconds.
export function bucketStarts(
  since: Date,
  now: Date,
  bucketSeconds: number,
  seenStarts: Iterable<number> = [],
): number[] {
  const first = bucketOf(Math.floor(since.getTime() / 1000), bucketSeconds);
  let last = bucketOf(Math.floor(now.getTime() / 1000), bucketSeconds);
  for (const start of seenStarts) {
    last = Math.max(last, start);
  }
  const starts: number[] = [];
  for (let start = first; start <= last; start += bucketSeconds) {
    starts.push(start);
  }
  return starts;
}
