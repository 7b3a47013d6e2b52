import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
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

type RawRow = Record<string, unknown>;

// mysql2 returns COUNT/SUM as strings (TypeORM turns on bigNumberStrings) and SUM over no rows is NULL.
function toNumber(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

// Each table is read with a single GROUP BY over every dimension the report needs, so the totals
// and the breakdowns of one table always agree with each other. Windows are `column >= :since`
// with a `Date` parameter: both drivers write it exactly as they write the entity's datetime
// columns (UTC, milliseconds), so the range scan uses the index.
@Injectable()
export class StatsRepository {
  constructor(
    @InjectRepository(WebhookMessage) private readonly messages: Repository<WebhookMessage>,
    @InjectRepository(AnalyticsResult) private readonly analyses: Repository<AnalyticsResult>,
    @InjectRepository(AgentRouting) private readonly routings: Repository<AgentRouting>,
    @InjectRepository(OutboundMessage) private readonly outbound: Repository<OutboundMessage>,
  ) {}

  async countMessagesSince(since: Date): Promise<MessageCountRow[]> {
    const rows = await this.messages
      .createQueryBuilder('m')
      .select('m.platform', 'platform')
      .addSelect('m.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .addSelect('SUM(m.duplicateCount)', 'duplicates')
      .addSelect('COUNT(m.processingMs)', 'timedCount')
      .where('m.receivedAt >= :since', { since })
      .groupBy('m.platform')
      .addGroupBy('m.status')
      .getRawMany<RawRow>();
    return rows.map((row) => ({
      platform: String(row.platform),
      status: String(row.status),
      count: toNumber(row.count),
      duplicates: toNumber(row.duplicates),
      timedCount: toNumber(row.timedCount),
    }));
  }

  async countAnalysesSince(since: Date): Promise<AnalysisCountRow[]> {
    const rows = await this.analyses
      .createQueryBuilder('a')
      .select('a.category', 'category')
      .addSelect('a.sentiment', 'sentiment')
      .addSelect('a.priorityLevel', 'priorityLevel')
      .addSelect('a.analyzer', 'analyzer')
      .addSelect('COUNT(*)', 'count')
      // Booleans are stored as 1/0 by both tinyint(1) and SQLite.
      .addSelect('SUM(CASE WHEN a.isActionRequired = 1 THEN 1 ELSE 0 END)', 'actionRequiredCount')
      .addSelect('SUM(a.urgencyScore)', 'urgencySum')
      .where('a.createdAt >= :since', { since })
      .groupBy('a.category')
      .addGroupBy('a.sentiment')
      .addGroupBy('a.priorityLevel')
      .addGroupBy('a.analyzer')
      .getRawMany<RawRow>();
    return rows.map((row) => ({
      category: String(row.category),
      sentiment: String(row.sentiment),
      priorityLevel: String(row.priorityLevel),
      analyzer: String(row.analyzer),
      count: toNumber(row.count),
      actionRequiredCount: toNumber(row.actionRequiredCount),
      urgencySum: toNumber(row.urgencySum),
    }));
  }

  async countRoutingAttemptsSince(since: Date): Promise<RoutingCountRow[]> {
    const rows = await this.routings
      .createQueryBuilder('r')
      .select('r.agent', 'agent')
      .addSelect('r.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .addSelect('SUM(r.latencyMs)', 'latencySum')
      .where('r.createdAt >= :since', { since })
      .groupBy('r.agent')
      .addGroupBy('r.status')
      .getRawMany<RawRow>();
    return rows.map((row) => ({
      agent: String(row.agent),
      status: String(row.status) as RoutingAttemptStatus,
      count: toNumber(row.count),
      latencySum: toNumber(row.latencySum),
    }));
  }

  async countOutboundSince(since: Date): Promise<OutboundCountRow[]> {
    const rows = await this.outbound
      .createQueryBuilder('o')
      .select('o.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .where('o.createdAt >= :since', { since })
      .groupBy('o.status')
      .getRawMany<RawRow>();
    return rows.map((row) => ({ status: String(row.status), count: toNumber(row.count) }));
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
}
