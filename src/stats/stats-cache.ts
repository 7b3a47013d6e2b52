import { Injectable } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';

interface Entry {
  value: Promise<unknown>;
  // While the computation runs: never expires (every caller joins it).
  expiresAt: number;
}

// Distinct windows kept at once; the oldest goes first.
const MAX_ENTRIES = 64;

/**
 * The public statistics are read by anyone, as often as they like, and each computation scans
 * the window's rows. An answer is computed once per key for all the callers that ask while it
 * runs, then reused for `STATS_CACHE_MS`; and only one computation runs at a time, so callers
 * asking for many different windows queue behind each other instead of piling up on the database
 * (and, on SQLite, on the event loop).
 */
@Injectable()
export class StatsCache {
  private readonly entries = new Map<string, Entry>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly config: AppConfig) {}

  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const known = this.entries.get(key);
    if (known && known.expiresAt > now) {
      return known.value as Promise<T>;
    }
    const value = this.tail.then(compute);
    this.tail = value.catch(() => undefined);
    const entry: Entry = { value, expiresAt: Number.POSITIVE_INFINITY };
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.evict(now);
    value.then(
      () => {
        entry.expiresAt = Date.now() + this.config.stats.cacheMs;
      },
      // A failure is not kept: the next caller tries again.
      () => {
        if (this.entries.get(key) === entry) {
          this.entries.delete(key);
        }
      },
    );
    return value;
  }

  private evict(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now || this.entries.size > MAX_ENTRIES) {
        this.entries.delete(key);
      }
    }
  }
}
