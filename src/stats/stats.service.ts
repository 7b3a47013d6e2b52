import { Injectable } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { type StatsAnswer, StatsCalculator, type StatsQuery } from 'src/stats/stats-calculator';
import { StatsCache } from 'src/stats/stats-cache';
import type { TimeseriesResponseDto } from 'src/stats/stats-timeseries.dto';
import type { StatsResponseDto } from 'src/stats/stats.dto';
import { StatsRepository } from 'src/stats/stats.repository';
import { StatsWorkerClient } from 'src/stats/stats-worker.client';
import type { TimeBucket } from 'src/stats/time-buckets';

/**
 * `/stats` and `/stats/timeseries`, read from the database so every instance agrees. Anyone may
 * call them, as often as they like: an answer is computed once for all who ask at the same time
 * and kept for `STATS_CACHE_MS` (`StatsCache`), and on SQLite it is computed in a worker thread,
 * since the driver answers synchronously and would hold the event loop meanwhile.
 */
@Injectable()
export class StatsService {
  private readonly calculator: StatsCalculator;

  constructor(
    repository: StatsRepository,
    private readonly cache: StatsCache,
    private readonly worker: StatsWorkerClient,
    private readonly config: AppConfig,
  ) {
    this.calculator = new StatsCalculator(repository);
  }

  getStats(hours: number): Promise<StatsResponseDto> {
    return this.answer({ kind: 'stats', hours }) as Promise<StatsResponseDto>;
  }

  getTimeseries(hours: number, bucket: TimeBucket): Promise<TimeseriesResponseDto> {
    return this.answer({ kind: 'timeseries', hours, bucket }) as Promise<TimeseriesResponseDto>;
  }

  /** Computed here and now, uncached (at a given time for tests). */
  computeStats(hours: number, now?: Date): Promise<StatsResponseDto> {
    return this.calculator.stats(hours, now);
  }

  computeTimeseries(hours: number, bucket: TimeBucket, now?: Date): Promise<TimeseriesResponseDto> {
    return this.calculator.timeseries(hours, bucket, now);
  }

  private answer(query: StatsQuery): Promise<StatsAnswer> {
    const key =
      query.kind === 'stats' ? `stats:${query.hours}` : `timeseries:${query.hours}:${query.bucket}`;
    return this.cache.get(key, () =>
      this.isComputedInWorker() ? this.worker.answer(query) : this.calculator.answer(query),
    );
  }

  // MySQL answers asynchronously: computed here, the event loop is free while it waits. An
  // in-memory SQLite database cannot be opened from another thread.
  private isComputedInWorker(): boolean {
    const { database } = this.config;
    return database.kind === 'sqlite' && database.path !== ':memory:';
  }
}
