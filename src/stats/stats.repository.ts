import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { AnalyticsResult } from 'src/analysis/analytics-result.entity';
import { WebhookMessage } from 'src/messages/webhook-message.entity';
import { OutboundMessage } from 'src/replies/outbound-message.entity';
import { AgentRouting, type RoutingAttemptStatus } from 'src/routing/agent-routing.entity';

export interface MessageCountRow {
  platform: string;
  status: string;
  count: number;
  duplicates: number;
  timedCount: number;
}

export interface AnalysisCountRow {
  category: string;
  sentiment: string;
  priorityLevel: string;
  analyzer: string;
  count: number;
  actionRequiredCount: number;
  urgencySum: number;
}

export interface RoutingCountRow {
  agent: string;
  status: RoutingAttemptStatus;
  count: number;
  latencySum: number;
}

export interface OutboundCountRow {
  status: string;
  count: number;
}

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

// mysql2 returns COUNT/SUM as strings (TypeORM turns on bigNumberStrings) and SUM over no rows is NULL.
function toNumber(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

// Each table is read with a single GROUP BY over every dimension the report needs, so the totals
// and the breakdowns of one table always agree with each other. `/stats` reads the whole window;
// `/stats/timeseries` reads the same GROUP BY with the time bucket as one more dimension, so its
// buckets add up to `/stats`. Windows are `column >= :since` with a `Date` parameter: both drivers
// write it exactly as they write the entity's datetime columns (UTC, milliseconds), so the range
// scan uses the index. The bucket is computed in SQL from the stored UTC datetime: SQLite through
// `strftime('%s')`, MySQL/MariaDB through `TIMESTAMPDIFF` from the epoch (independent of the
// session time zone, unlike `UNIX_TIMESTAMP`).
@Injectable()
export class StatsRepository {
  constructor(
    @InjectRepository(WebhookMessage) private readonly messages: Repository<WebhookMessage>,
    @InjectRepository(AnalyticsResult) private readonly analyses: Repository<AnalyticsResult>,
    @InjectRepository(AgentRouting) private readonly routings: Repository<AgentRouting>,
    @InjectRepository(OutboundMessage) private readonly outbound: Repository<OutboundMessage>,
  ) {}

  async countMessagesSince(since: Date): Promise<MessageCountRow[]> {
    const rows = await this.messageCounts(since).getRawMany<RawRow>();
    return rows.map(messageCountOf);
  }

  async countMessagesByBucket(
    since: Date,
    bucketSeconds: number,
  ): Promise<Bucketed<MessageCountRow>[]> {
    const rows = await this.messageCounts(since, bucketSeconds).getRawMany<RawRow>();
    return rows.map((row) => ({ bucket: toNumber(row.bucket), ...messageCountOf(row) }));
  }

  async countAnalysesSince(since: Date): Promise<AnalysisCountRow[]> {
    const rows = await this.analysisCounts(since).getRawMany<RawRow>();
    return rows.map(analysisCountOf);
  }

  async countAnalysesByBucket(
    since: Date,
    bucketSeconds: number,
  ): Promise<Bucketed<AnalysisCountRow>[]> {
    const rows = await this.analysisCounts(since, bucketSeconds).getRawMany<RawRow>();
    return rows.map((row) => ({ bucket: toNumber(row.bucket), ...analysisCountOf(row) }));
  }

  async countRoutingAttemptsSince(since: Date): Promise<RoutingCountRow[]> {
    const rows = await this.routingCounts(since).getRawMany<RawRow>();
    return rows.map(routingCountOf);
  }

  async countRoutingAttemptsByBucket(
    since: Date,
    bucketSeconds: number,
  ): Promise<Bucketed<RoutingCountRow>[]> {
    const rows = await this.routingCounts(since, bucketSeconds).getRawMany<RawRow>();
    return rows.map((row) => ({ bucket: toNumber(row.bucket), ...routingCountOf(row) }));
  }

  async countOutboundSince(since: Date): Promise<OutboundCountRow[]> {
    const rows = await this.outboundCounts(since).getRawMany<RawRow>();
    return rows.map(outboundCountOf);
  }

  async countOutboundByBucket(
    since: Date,
    bucketSeconds: number,
  ): Promise<Bucketed<OutboundCountRow>[]> {
    const rows = await this.outboundCounts(since, bucketSeconds).getRawMany<RawRow>();
    return rows.map((row) => ({ bucket: toNumber(row.bucket), ...outboundCountOf(row) }));
  }

  // ORDER BY … LIMIT 1 OFFSET k runs the same on SQLite and MySQL.
  async findProcessingMsAtRank(since: Date, rank: number): Promise<number | null> {
    const row = await this.messages
      .createQueryBuilder('m')
      .select('m.processingMs', 'processingMs')
      .where('m.receivedAt >= :since', { since })
      .andWhere('m.processingMs IS NOT NULL')
      .orderBy('m.processingMs', 'ASC')
      .limit(1)
      .offset(rank - 1)
      .getRawOne<RawRow>();
    return row ? toNumber(row.processingMs) : null;
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

  private messageCounts(since: Date, bucketSeconds?: number): SelectQueryBuilder<WebhookMessage> {
    return this.groupedSince(this.messages, 'm', 'm.receivedAt', since, bucketSeconds)
      .addSelect('m.platform', 'platform')
      .addSelect('m.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .addSelect('SUM(m.duplicateCount)', 'duplicates')
      .addSelect('COUNT(m.processingMs)', 'timedCount')
      .addGroupBy('m.platform')
      .addGroupBy('m.status');
  }

  private analysisCounts(since: Date, bucketSeconds?: number): SelectQueryBuilder<AnalyticsResult> {
    return (
      this.groupedSince(this.analyses, 'a', 'a.createdAt', since, bucketSeconds)
        .addSelect('a.category', 'category')
        .addSelect('a.sentiment', 'sentiment')
        .addSelect('a.priorityLevel', 'priorityLevel')
        .addSelect('a.analyzer', 'analyzer')
        .addSelect('COUNT(*)', 'count')
        // Booleans are stored as 1/0 by both tinyint(1) and SQLite.
        .addSelect('SUM(CASE WHEN a.isActionRequired = 1 THEN 1 ELSE 0 END)', 'actionRequiredCount')
        .addSelect('SUM(a.urgencyScore)', 'urgencySum')
        .addGroupBy('a.category')
        .addGroupBy('a.sentiment')
        .addGroupBy('a.priorityLevel')
        .addGroupBy('a.analyzer')
    );
  }

  private routingCounts(since: Date, bucketSeconds?: number): SelectQueryBuilder<AgentRouting> {
    return this.groupedSince(this.routings, 'r', 'r.createdAt', since, bucketSeconds)
      .addSelect('r.agent', 'agent')
      .addSelect('r.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .addSelect('SUM(r.latencyMs)', 'latencySum')
      .addGroupBy('r.agent')
      .addGroupBy('r.status');
  }

  private outboundCounts(since: Date, bucketSeconds?: number): SelectQueryBuilder<OutboundMessage> {
    return this.groupedSince(this.outbound, 'o', 'o.createdAt', since, bucketSeconds)
      .addSelect('o.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .addGroupBy('o.status');
  }

  // The rows of the window with nothing selected yet (`createQueryBuilder` selects the entity);
  // with `bucketSeconds`, the bucket is the first column and the first group. The caller adds
  // its own columns and groups.
  private groupedSince<T extends ObjectLiteral>(
    repository: Repository<T>,
    alias: string,
    timeColumn: string,
    since: Date,
    bucketSeconds: number | undefined,
  ): SelectQueryBuilder<T> {
    const query = repository
      .createQueryBuilder(alias)
      .select([])
      .where(`${timeColumn} >= :since`, { since });
    if (bucketSeconds !== undefined) {
      query.addSelect(this.bucketOf(timeColumn, bucketSeconds), 'bucket').groupBy('bucket');
    }
    return query;
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

function messageCountOf(row: RawRow): MessageCountRow {
  return {
    platform: String(row.platform),
    status: String(row.status),
    count: toNumber(row.count),
    duplicates: toNumber(row.duplicates),
    timedCount: toNumber(row.timedCount),
  };
}

function analysisCountOf(row: RawRow): AnalysisCountRow {
  return {
    category: String(row.category),
    sentiment: String(row.sentiment),
    priorityLevel: String(row.priorityLevel),
    analyzer: String(row.analyzer),
    count: toNumber(row.count),
    actionRequiredCount: toNumber(row.actionRequiredCount),
    urgencySum: toNumber(row.urgencySum),
  };
}

function routingCountOf(row: RawRow): RoutingCountRow {
  return {
    agent: String(row.agent),
    status: String(row.status) as RoutingAttemptStatus,
    count: toNumber(row.count),
    latencySum: toNumber(row.latencySum),
  };
}

function outboundCountOf(row: RawRow): OutboundCountRow {
  return { status: String(row.status), count: toNumber(row.count) };
}
