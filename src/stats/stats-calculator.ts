import { groupBy } from 'src/common/collections/group-by';
import { MessageStatus } from 'src/core/message-status';
import { nearestRank, sumOf, windowStart } from 'src/stats/stats-math';
import {
  summarizeAnalyses,
  summarizeMessages,
  summarizeOutbound,
  summarizeRouting,
} from 'src/stats/stats-summaries';
import type { TimeseriesBucketDto, TimeseriesResponseDto } from 'src/stats/stats-timeseries.dto';
import type { LatencyStatsDto, StatsResponseDto } from 'src/stats/stats.dto';
import type {
  Bucketed,
  ProcessingPercentileRow,
  StatsRepository,
} from 'src/stats/stats.repository';
import { bucketStarts, TIME_BUCKETS, type TimeBucket } from 'src/stats/time-buckets';

/** What `/stats` or `/stats/timeseries` was asked for. */
export type StatsQuery =
  { kind: 'stats'; hours: number } | { kind: 'timeseries'; hours: number; bucket: TimeBucket };

export type StatsAnswer = StatsResponseDto | TimeseriesResponseDto;

/**
 * Computes the public statistics from the database. A plain class over `StatsRepository`, so the
 * same code runs in the app and in the statistics worker thread (`stats.worker.ts`).
 * `/stats/timeseries` holds the numbers of `/stats` per time bucket: the database groups the rows
 * by bucket; the buckets and the window totals are summarised by the same functions as `/stats`.
 */
export class StatsCalculator {
  constructor(private readonly repository: StatsRepository) {}

  answer(query: StatsQuery): Promise<StatsAnswer> {
    switch (query.kind) {
      case 'stats':
        return this.stats(query.hours);
      case 'timeseries':
        return this.timeseries(query.hours, query.bucket);
    }
  }

  // Read from the database so every instance agrees.
  async stats(hours: number, now: Date = new Date()): Promise<StatsResponseDto> {
    const since = windowStart(hours, now);
    const [messageRows, analysisRows, routingRows, outboundRows] = await Promise.all([
      this.repository.countMessagesSince(since),
      this.repository.countAnalysesSince(since),
      this.repository.countRoutingAttemptsSince(since),
      this.repository.countOutboundSince(since),
    ]);
    return {
      window_hours: hours,
      since: since.toISOString(),
      generated_at: now.toISOString(),
      messages: summarizeMessages(messageRows),
      analysis: summarizeAnalyses(analysisRows),
      routing: summarizeRouting(routingRows),
      outbound: summarizeOutbound(outboundRows),
      latency_ms: await this.processingPercentiles(
        since,
        sumOf(messageRows, (r) => r.timedCount),
      ),
    };
  }

  private async processingPercentiles(since: Date, timedCount: number): Promise<LatencyStatsDto> {
    const [p50, p95] = await Promise.all([
      this.processingPercentile(since, 50, timedCount),
      this.processingPercentile(since, 95, timedCount),
    ]);
    return { processing_p50: p50, processing_p95: p95 };
  }

  private processingPercentile(
    since: Date,
    percentile: number,
    timedCount: number,
  ): Promise<number | null> {
    const rank = nearestRank(percentile, timedCount);
    return rank === null
      ? Promise.resolve(null)
      : this.repository.findProcessingMsAtRank(since, rank);
  }

  async timeseries(
    hours: number,
    bucket: TimeBucket,
    now: Date = new Date(),
  ): Promise<TimeseriesResponseDto> {
    const since = windowStart(hours, now);
    const bucketSeconds = TIME_BUCKETS[bucket];
    const [messageRows, analysisRows, routingRows, outboundRows, percentileRows] =
      await Promise.all([
        this.repository.countMessagesByBucket(since, bucketSeconds),
        this.repository.countAnalysesByBucket(since, bucketSeconds),
        this.repository.countRoutingAttemptsByBucket(since, bucketSeconds),
        this.repository.countOutboundByBucket(since, bucketSeconds),
        this.repository.findProcessingPercentileRows(since, bucketSeconds),
      ]);
    const messages = groupBy(messageRows, bucketOf);
    const analyses = groupBy(analysisRows, bucketOf);
    const routings = groupBy(routingRows, bucketOf);
    const outbound = groupBy(outboundRows, bucketOf);
    const latencies = percentilesByBucket(percentileRows);
    const seen = [messages, analyses, routings, outbound].flatMap((rows) => [...rows.keys()]);
    const buckets = bucketStarts(since, now, bucketSeconds, seen).map(
      (start): TimeseriesBucketDto => ({
        start: new Date(start * 1000).toISOString(),
        messages: summarizeMessages(messages.get(start) ?? []),
        analysis: summarizeAnalyses(analyses.get(start) ?? []),
        routing: summarizeRouting(routings.get(start) ?? []),
        outbound: summarizeOutbound(outbound.get(start) ?? []),
        latency_ms: latencies.get(start) ?? { processing_p50: null, processing_p95: null },
      }),
    );
    const countWith = (status: string): number =>
      sumOf(
        messageRows.filter((r) => r.status === status),
        (r) => r.count,
      );
    return {
      window_hours: hours,
      bucket,
      bucket_seconds: bucketSeconds,
      since: since.toISOString(),
      generated_at: now.toISOString(),
      totals: {
        messages: summarizeMessages(messageRows),
        analysis: summarizeAnalyses(analysisRows),
        routing: summarizeRouting(routingRows),
        outbound: summarizeOutbound(outboundRows),
        failed: countWith(MessageStatus.Failed),
        dead: countWith(MessageStatus.Dead),
      },
      buckets,
    };
  }
}

function percentilesByBucket(
  rows: readonly ProcessingPercentileRow[],
): Map<number, LatencyStatsDto> {
  const latencies = new Map<number, LatencyStatsDto>();
  for (const row of rows) {
    const latency = latencies.get(row.bucket) ?? { processing_p50: null, processing_p95: null };
    if (row.position === nearestRank(50, row.timedCount)) {
      latency.processing_p50 = row.processingMs;
    }
    if (row.position === nearestRank(95, row.timedCount)) {
      latency.processing_p95 = row.processingMs;
    }
    latencies.set(row.bucket, latency);
  }
  return latencies;
}

function bucketOf(row: Bucketed<unknown>): number {
  return row.bucket;
}
