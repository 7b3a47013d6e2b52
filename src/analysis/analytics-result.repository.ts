import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { limitReasoning } from 'src/analysis/analysis-merge';
import { writeBatcher } from 'src/database/batcher';
import { RowStatements } from 'src/database/row-statements';
import { AnalyticsResult } from 'src/analysis/analytics-result.entity';
import {
  AnalyzerKind,
  Category,
  PriorityLevel,
  ResponseTime,
  Sentiment,
  type MessageAnalysis,
} from 'src/core/message-analysis';

const INSERTED: Extract<keyof AnalyticsResult, string>[] = ['messageId', 'createdAt'];
// `created_at` is not here: it keeps the first analysis time.
const UPDATED: Extract<keyof AnalyticsResult, string>[] = [
  'urgencyScore',
  'category',
  'sentiment',
  'keywords',
  'priorityLevel',
  'isActionRequired',
  'recommendedResponseTime',
  'language',
  'analyzer',
  'reasoning',
  'shouldNotify',
  'vipBoost',
  'model',
  'latencyMs',
];

@Injectable()
export class AnalyticsResultRepository {
  private readonly rows: RowStatements<AnalyticsResult>;
  private readonly saves = writeBatcher((rows: Partial<AnalyticsResult>[]) =>
    // A message analysed twice in one batch keeps its last analysis.
    this.rows.insertAll([...new Map(rows.map((row) => [row.messageId, row])).values()]),
  );

  constructor(
    @InjectRepository(AnalyticsResult) private readonly repository: Repository<AnalyticsResult>,
  ) {
    this.rows = new RowStatements(repository.manager, AnalyticsResult, [...INSERTED, ...UPDATED], {
      upsert: { conflict: ['messageId'], update: UPDATED },
      parentKey: 'messageId',
    });
  }

  // One row per message: a replayed message overwrites its earlier analysis. Concurrent messages
  // share one statement (see `Batcher`).
  saveForMessage(messageId: number, analysis: MessageAnalysis, latencyMs: number): Promise<void> {
    return this.saves.submit(toRow(messageId, analysis, latencyMs));
  }

  // An operator's correction replaces the triage the analyzer gave.
  async applyCorrection(
    messageId: number,
    correction: Pick<
      MessageAnalysis,
      'category' | 'priorityLevel' | 'urgencyScore' | 'recommendedResponseTime' | 'reasoning'
    >,
  ): Promise<void> {
    await this.repository.update(
      { messageId },
      {
        category: correction.category,
        priorityLevel: correction.priorityLevel,
        urgencyScore: correction.urgencyScore,
        recommendedResponseTime: correction.recommendedResponseTime,
        reasoning: limitReasoning(correction.reasoning),
      },
    );
  }

  async findByMessageId(messageId: number): Promise<MessageAnalysis | null> {
    const row = await this.repository.findOne({ where: { messageId } });
    return row ? toAnalysis(row) : null;
  }
}

function toRow(
  messageId: number,
  analysis: MessageAnalysis,
  latencyMs: number,
): Partial<AnalyticsResult> {
  return {
    messageId,
    urgencyScore: analysis.urgencyScore,
    category: analysis.category,
    sentiment: analysis.sentiment,
    keywords: analysis.keywords,
    priorityLevel: analysis.priorityLevel,
    isActionRequired: analysis.isActionRequired,
    recommendedResponseTime: analysis.recommendedResponseTime,
    language: analysis.language.slice(0, 8),
    analyzer: analysis.analyzer,
    reasoning: limitReasoning(analysis.reasoning),
    shouldNotify: analysis.shouldNotify,
    vipBoost: analysis.vipBoost,
    model: analysis.model?.slice(0, 64) ?? null,
    latencyMs: Math.max(0, Math.round(latencyMs)),
    createdAt: new Date(),
  };
}

function toAnalysis(row: AnalyticsResult): MessageAnalysis {
  return {
    urgencyScore: row.urgencyScore,
    category: enumValue(Category, row.category, Category.General),
    sentiment: enumValue(Sentiment, row.sentiment, Sentiment.Neutral),
    keywords: Array.isArray(row.keywords) ? row.keywords : [],
    priorityLevel: enumValue(PriorityLevel, row.priorityLevel, PriorityLevel.Normal),
    isActionRequired: row.isActionRequired,
    recommendedResponseTime: enumValue(
      ResponseTime,
      row.recommendedResponseTime,
      ResponseTime.FourHours,
    ),
    language: row.language,
    analyzer: enumValue(AnalyzerKind, row.analyzer, AnalyzerKind.Heuristic),
    reasoning: row.reasoning,
    shouldNotify: row.shouldNotify,
    vipBoost: row.vipBoost,
    model: row.model,
  };
}

function enumValue<T extends string>(
  enumeration: Record<string, T>,
  value: string,
  fallback: T,
): T {
  return (Object.values(enumeration) as string[]).includes(value) ? (value as T) : fallback;
}
