import { Injectable } from '@nestjs/common';
import { RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import { averageOf, countBy, nearestRank, sumOf } from 'src/stats/stats-math';
import type {
  AgentRoutingStatsDto,
  AnalysisStatsDto,
  LatencyStatsDto,
  MessageStatsDto,
  OutboundStatsDto,
  RoutingStatsDto,
  StatsResponseDto,
} from 'src/stats/stats.dto';
import {
  type AnalysisCountRow,
  type MessageCountRow,
  type OutboundCountRow,
  type RoutingCountRow,
  StatsRepository,
} from 'src/stats/stats.repository';

const MS_PER_HOUR = 3_600_000;

@Injectable()
export class StatsService {
  constructor(private readonly repository: StatsRepository) {}

  // Read from the database so every instance agrees.
  async getStats(hours: number, now: Date = new Date()): Promise<StatsResponseDto> {
    const since = new Date(now.getTime() - hours * MS_PER_HOUR);
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
      messages: this.summarizeMessages(messageRows),
      analysis: this.summarizeAnalyses(analysisRows),
      routing: this.summarizeRouting(routingRows),
      outbound: this.summarizeOutbound(outboundRows),
      latency_ms: await this.processingPercentiles(
        since,
        sumOf(messageRows, (r) => r.timedCount),
      ),
    };
  }

  private summarizeMessages(rows: MessageCountRow[]): MessageStatsDto {
    return {
      total: sumOf(rows, (r) => r.count),
      duplicates: sumOf(rows, (r) => r.duplicates),
      by_platform: countBy(
        rows,
        (r) => r.platform,
        (r) => r.count,
      ),
      by_status: countBy(
        rows,
        (r) => r.status,
        (r) => r.count,
      ),
    };
  }

  private summarizeAnalyses(rows: AnalysisCountRow[]): AnalysisStatsDto {
    const count = (r: AnalysisCountRow): number => r.count;
    return {
      average_urgency: averageOf(
        sumOf(rows, (r) => r.urgencySum),
        sumOf(rows, count),
        2,
      ),
      by_category: countBy(rows, (r) => r.category, count),
      by_priority: countBy(rows, (r) => r.priorityLevel, count),
      by_sentiment: countBy(rows, (r) => r.sentiment, count),
      action_required: sumOf(rows, (r) => r.actionRequiredCount),
      by_analyzer: countBy(rows, (r) => r.analyzer, count),
    };
  }

  private summarizeRouting(rows: RoutingCountRow[]): RoutingStatsDto {
    const agents = [...new Set(rows.map((r) => r.agent))].sort();
    const byAgent = Object.fromEntries(
      agents.map((agent) => [agent, this.summarizeAttempts(rows.filter((r) => r.agent === agent))]),
    );
    const { total, succeeded, failed } = this.summarizeAttempts(rows);
    return { total, succeeded, failed, by_agent: byAgent };
  }

  private summarizeAttempts(rows: RoutingCountRow[]): AgentRoutingStatsDto {
    const countWith = (status: RoutingAttemptStatus): number =>
      sumOf(
        rows.filter((r) => r.status === status),
        (r) => r.count,
      );
    // Skipped attempts never called the agent (open circuit), so their latency would drag the mean down.
    const called = rows.filter((r) => r.status !== RoutingAttemptStatus.Skipped);
    return {
      total: sumOf(rows, (r) => r.count),
      succeeded: countWith(RoutingAttemptStatus.Succeeded),
      failed: countWith(RoutingAttemptStatus.Failed),
      average_latency_ms: averageOf(
        sumOf(called, (r) => r.latencySum),
        sumOf(called, (r) => r.count),
        0,
      ),
    };
  }

  private summarizeOutbound(rows: OutboundCountRow[]): OutboundStatsDto {
    return {
      total: sumOf(rows, (r) => r.count),
      by_status: countBy(
        rows,
        (r) => r.status,
        (r) => r.count,
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
