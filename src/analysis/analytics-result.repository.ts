import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { limitReasoning } from 'src/analysis/analysis-merge';
import { AnalyticsResult } from 'src/analysis/analytics-result.entity';
import {
  AnalyzerKind,
  Category,
  PriorityLevel,
  ResponseTime,
  Sentiment,
  type MessageAnalysis,
} from 'src/analysis/message-analysis';

// `created_at` is not here: it keeps the first analysis time.
const UPDATED_COLUMNS = [
  'urgency_score',
  'category',
  'sentiment',
  'keywords',
  'priority_level',
  'action_required',
  'recommended_response_time',
  'language',
  'analyzer',
  'reasoning',
  'should_notify',
  'vip_boost',
  'model',
  'latency_ms',
];

@Injectable()
export class AnalyticsResultRepository {
  constructor(
    @InjectRepository(AnalyticsResult) private readonly repository: Repository<AnalyticsResult>,
  ) {}

  // One row per message: a replayed message overwrites its earlier analysis.
  async saveForMessage(
    messageId: number,
    analysis: MessageAnalysis,
    latencyMs: number,
  ): Promise<void> {
    await this.repository
      .createQueryBuilder()
      .insert()
      .into(AnalyticsResult)
      .values({
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
      })
      .orUpdate(UPDATED_COLUMNS, ['message_id'])
      .execute();
  }

  async findByMessageId(messageId: number): Promise<MessageAnalysis | null> {
    const row = await this.repository.findOne({ where: { messageId } });
    return row ? toAnalysis(row) : null;
  }
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
