import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AnalyticsResult } from 'src/analysis/analytics-result.entity';
import { WebhookMessage } from 'src/messages/webhook-message.entity';
import { OutboundMessage } from 'src/replies/outbound-message.entity';
import { AgentRouting, type RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import type {
  AnalysisCountRow,
  MessageCountRow,
  OutboundCountRow,
  RoutingCountRow,
} from 'src/stats/stats.repository';

// `bucket`: the bucket's start in seconds since the Unix epoch (UTC).
export type Bucketed<T> = T & { bucket: number };

export interface ProcessingPercentileRow {
  bucket: number;
  processingMs: number;
  // The row's 1-based position in its bucket, ordered by processing time.
  position: number;
  timedCount: number;
}

type RawRow = Record<string, unknown>;

const PERCENTILES = [50, 95] as const;

function toNumber(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

// The same reads as `StatsRepository`, each grouped by time bucket too, with the same window
// (`column >= :since`), so the buckets add up to `/stats`. The bucket is computed in SQL from the
// stored UTC datetime: SQLite through `strftime('%s')`, MySQL/MariaDB through `TIMESTAMPDIFF`
// from the epoch (independent of the session time zone, unlike `UNIX_TIMESTAMP`).
@Injectable()
export class StatsTimeseriesRepository {
  constructor(
    @InjectRepository(WebhookMessage) private readonly messages: Repository<WebhookMessage>,
    @InjectRepository(AnalyticsResult) private readonly analyses: Repository<AnalyticsResult>,
    @InjectRepository(AgentRouting) private readonly routings: Repository<AgentRouting>,
    @InjectRepository(OutboundMessage) private readonly outbound: Repository<OutboundMessage>,
  ) {}

  async countMessagesByBucket(
    since: Date,
    bucketSeconds: number,
  ): Promise<Bucketed<MessageCountRow>[]> {
    const rows = await this.messages
      .createQueryBuilder('m')
      .select(this.bucketOf('m.receivedAt', bucketSeconds), 'bucket')
      .addSelect('m.platform', 'platform')
      .addSelect('m.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .addSelect('SUM(m.duplicateCount)', 'duplicates')
      .addSelect('COUNT(m.processingMs)', 'timedCount')
      .where('m.receivedAt >= :since', { since })
      .groupBy('bucket')
      .addGroupBy('m.platform')
      .addGroupBy('m.status')
      .getRawMany<RawRow>();
    return rows.map((row) => ({
      bucket: toNumber(row.bucket),
      platform: String(row.platform),
      status: String(row.status),
      count: toNumber(row.count),
      duplicates: toNumber(row.duplicates),
      timedCount: toNumber(row.timedCount),
    }));
  }

  async countAnalysesByBucket(
    since: Date,
    bucketSeconds: number,
  ): Promise<Bucketed<AnalysisCountRow>[]> {
    const rows = await this.analyses
      .createQueryBuilder('a')
      .select(this.bucketOf('a.createdAt', bucketSeconds), 'bucket')
      .addSelect('a.category', 'category')
      .addSelect('a.sentiment', 'sentiment')
      .addSelect('a.priorityLevel', 'priorityLevel')
      .addSelect('a.analyzer', 'analyzer')
      .addSelect('COUNT(*)', 'count')
      .addSelect('SUM(CASE WHEN a.isActionRequired = 1 THEN 1 ELSE 0 END)', 'actionRequiredCount')
      .addSelect('SUM(a.urgencyScore)', 'urgencySum')
      .where('a.createdAt >= :since', { since })
      .groupBy('bucket')
      .addGroupBy('a.category')
      .addGroupBy('a.sentiment')
      .addGroupBy('a.priorityLevel')
      .addGroupBy('a.analyzer')
      .getRawMany<RawRow>();
    return rows.map((row) => ({
      bucket: toNumber(row.bucket),
      category: String(row.category),
      sentiment: String(row.sentiment),
      priorityLevel: String(row.priorityLevel),
      analyzer: String(row.analyzer),
      count: toNumber(row.count),
      actionRequiredCount: toNumber(row.actionRequiredCount),
      urgencySum: toNumber(row.urgencySum),
    }));
  }

  async countRoutingAttemptsByBucket(
    since: Date,
    bucketSeconds: number,
  ): Promise<Bucketed<RoutingCountRow>[]> {
    const rows = await this.routings
      .createQueryBuilder('r')
      .select(this.bucketOf('r.createdAt', bucketSeconds), 'bucket')
      .addSelect('r.agent', 'agent')
      .addSelect('r.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .addSelect('SUM(r.latencyMs)', 'latencySum')
      .where('r.createdAt >= :since', { since })
      .groupBy('bucket')
      .addGroupBy('r.agent')
      .addGroupBy('r.status')
      .getRawMany<RawRow>();
    return rows.map((row) => ({
      bucket: toNumber(row.bucket),
      agent: String(row.agent),
      status: String(row.status) as RoutingAttemptStatus,
      count: toNumber(row.count),
      latencySum: toNumber(row.latencySum),
    }));
  }

  async countOutboundByBucket(
    since: Date,
    bucketSeconds: number,
  ): Promise<Bucketed<OutboundCountRow>[]> {
    const rows = await this.outbound
      .createQueryBuilder('o')
      .select(this.bucketOf('o.createdAt', bucketSeconds), 'bucket')
      .addSelect('o.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .where('o.createdAt >= :since', { since })
      .groupBy('bucket')
      .addGroupBy('o.status')
      .getRawMany<RawRow>();
    return rows.map((row) => ({
      bucket: toNumber(row.bucket),
      status: String(row.status),
      count: toNumber(row.count),
    }));
  }

  // Only the rows at the nearest ranks of p50 and p95 in each bucket leave the database: window
  // functions (SQLite 3.25+, MySQL 8, MariaDB 10.2+) number each bucket's timed messages, and
  // `position` is the nearest rank ⌈p·n/100⌉ exactly when p·n/100 ≤ position < p·n/100 + 1,
  // written without division so both engines compare integers.
  async findProcessingPercentileRows(
    since: Date,
    bucketSeconds: number,
  ): Promise<ProcessingPercentileRow[]> {
    const bucket = this.bucketOf('m.receivedAt', bucketSeconds);
    const ranked = this.messages
      .createQueryBuilder('m')
      .select(bucket, 'bucket')
      .addSelect('m.processingMs', 'processing_ms')
      .addSelect(
        `ROW_NUMBER() OVER (PARTITION BY ${bucket} ORDER BY m.processingMs)`,
        'row_position',
      )
      .addSelect(`COUNT(*) OVER (PARTITION BY ${bucket})`, 'timed_count')
      .where('m.receivedAt >= :since', { since })
      .andWhere('m.processingMs IS NOT NULL');
    const atPercentile = PERCENTILES.map(
      (p) =>
        `(ranked.row_position * 100 >= ${p} * ranked.timed_count` +
        ` AND (ranked.row_position - 1) * 100 < ${p} * ranked.timed_count)`,
    ).join(' OR ');
    const rows = await this.messages.manager
      .createQueryBuilder()
      .select('ranked.bucket', 'bucket')
      .addSelect('ranked.processing_ms', 'processing_ms')
      .addSelect('ranked.row_position', 'row_position')
      .addSelect('ranked.timed_count', 'timed_count')
      .from(`(${ranked.getQuery()})`, 'ranked')
      .setParameters(ranked.getParameters())
      .where(atPercentile)
      .getRawMany<RawRow>();
    return rows.map((row) => ({
      bucket: toNumber(row.bucket),
      processingMs: toNumber(row.processing_ms),
      position: toNumber(row.row_position),
      timedCount: toNumber(row.timed_count),
    }));
  }

  // `bucketSeconds` comes from the closed list of bucket sizes and is written into the SQL as an
  // integer literal: a bound parameter would be a REAL in SQLite and turn the division fractional.
  private bucketOf(column: string, bucketSeconds: number): string {
    if (!Number.isSafeInteger(bucketSeconds) || bucketSeconds <= 0) {
      throw new Error(`invalid bucket size ${bucketSeconds}`);
    }
    const type = this.messages.manager.connection.options.type;
    if (type === 'better-sqlite3' || type === 'sqlite') {
      return `(CAST(strftime('%s', ${column}) AS INTEGER) / ${bucketSeconds}) * ${bucketSeconds}`;
    }
    return `(TIMESTAMPDIFF(SECOND, '1970-01-01', ${column}) DIV ${bucketSeconds}) * ${bucketSeconds}`;
  }
}
