import { Injectable } from '@nestjs/common';
import { nearestRank, sumOf, windowStart } from 'src/stats/stats-math';
import {
  summarizeAnalyses,
  summarizeMessages,
  summarizeOutbound,
  summarizeRouting,
} from 'src/stats/stats-summaries';
import type { LatencyStatsDto, StatsResponseDto } from 'src/stats/stats.dto';
import { StatsCache } from 'src/stats/stats-cache';
import { StatsRepository } from 'src/stats/stats.repository';

@Injectable()
export class StatsService {
  constructor(
    private readonly repository: StatsRepository,
    private readonly cache: StatsCache,
  ) {}

  /** `GET /stats`: computed at most once per `STATS_CACHE_MS` for each window. */
  getStats(hours: number): Promise<StatsResponseDto> {
    return this.cache.get(`stats:${hours}`, () => this.computeStats(hours));
  }

  // Read from the database so every instance agrees.
  async computeStats(hours: number, now: Date = new Date()): Promise<StatsResponseDto> {
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
}
