import { RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import { averageOf, countBy, sumOf } from 'src/stats/stats-math';
import type {
  AgentRoutingStatsDto,
  AnalysisStatsDto,
  MessageStatsDto,
  OutboundStatsDto,
  RoutingStatsDto,
} from 'src/stats/stats.dto';
import type {
  AnalysisCountRow,
  MessageCountRow,
  OutboundCountRow,
  RoutingCountRow,
} from 'src/stats/stats.repository';

// Shared by `/stats` (the whole window) and `/stats/timeseries` (each bucket, and the window
// again as its totals), so the two always count the same way.

export function summarizeMessages(rows: readonly MessageCountRow[]): MessageStatsDto {
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

export function summarizeAnalyses(rows: readonly AnalysisCountRow[]): AnalysisStatsDto {
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

export function summarizeRouting(rows: readonly RoutingCountRow[]): RoutingStatsDto {
  const agents = [...new Set(rows.map((r) => r.agent))].sort();
  const byAgent = Object.fromEntries(
    agents.map((agent) => [agent, summarizeAttempts(rows.filter((r) => r.agent === agent))]),
  );
  const { total, succeeded, failed } = summarizeAttempts(rows);
  return { total, succeeded, failed, by_agent: byAgent };
}

function summarizeAttempts(rows: readonly RoutingCountRow[]): AgentRoutingStatsDto {
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

export function summarizeOutbound(rows: readonly OutboundCountRow[]): OutboundStatsDto {
  return {
    total: sumOf(rows, (r) => r.count),
    by_status: countBy(
      rows,
      (r) => r.status,
      (r) => r.count,
    ),
  };
}
