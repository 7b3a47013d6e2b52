import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type Repository } from 'typeorm';
import { AnalyticsResult } from 'src/analysis/analytics-result.entity';
import { PriorityLevel } from 'src/core/message-analysis';
import { containsCondition, containsPattern } from 'src/database/text-search';
import { WebhookMessage } from 'src/messages/webhook-message.entity';
import { MessageStatus } from 'src/core/message-status';

// `null`: that filter is not applied.
export interface MessageListFilter {
  statuses: string[];
  priorities: string[] | null;
  categories: string[] | null;
  platforms: string[] | null;
  since: Date | null;
  until: Date | null;
  text: string | null;
}

export type ListedMessage = WebhookMessage & { analysis?: AnalyticsResult };

export interface OpenUrgentCount {
  priorityLevel: string;
  count: number;
}

const URGENT_PRIORITIES = [PriorityLevel.Critical, PriorityLevel.High];
// What a list row shows; `raw_payload` and the reply address stay out of it.
const LISTED_COLUMNS = [
  'm.id',
  'm.platform',
  'm.externalId',
  'm.conversationId',
  'm.conversationName',
  'm.senderId',
  'm.senderName',
  'm.senderPhone',
  'm.eventType',
  'm.text',
  'm.attachments',
  'm.status',
  'm.handling',
  'm.attempts',
  'm.lastError',
  'm.nextAttemptAt',
  'm.receivedAt',
  'm.processedAt',
  'a.id',
  'a.urgencyScore',
  'a.priorityLevel',
  'a.category',
  'a.sentiment',
  'a.analyzer',
  'a.model',
];
const SEARCHED_COLUMNS = ['m.text', 'm.senderName', 'm.conversationName'];

// The operator's list of messages: newest received first, filtered, paged by the last row's id.
@Injectable()
export class MessageListRepository {
  constructor(
    @InjectRepository(WebhookMessage) private readonly messages: Repository<WebhookMessage>,
  ) {}

  findPage(
    filter: MessageListFilter,
    limit: number,
    beforeId: number | null,
  ): Promise<ListedMessage[]> {
    const isSqlite = this.messages.manager.connection.options.type === 'better-sqlite3';
    const query = this.messages
      .createQueryBuilder('m')
      .select(LISTED_COLUMNS)
      .leftJoinAndMapOne('m.analysis', AnalyticsResult, 'a', 'a.messageId = m.id')
      .where('m.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.priorities) {
      query.andWhere('a.priorityLevel IN (:...priorities)', { priorities: filter.priorities });
    }
    if (filter.categories) {
      query.andWhere('a.category IN (:...categories)', { categories: filter.categories });
    }
    if (filter.platforms) {
      query.andWhere('m.platform IN (:...platforms)', { platforms: filter.platforms });
    }
    if (filter.since) {
      query.andWhere('m.receivedAt >= :since', { since: filter.since });
    }
    if (filter.until) {
      query.andWhere('m.receivedAt < :until', { until: filter.until });
    }
    if (filter.text) {
      query.andWhere(
        new Brackets((any) => {
          for (const column of SEARCHED_COLUMNS) {
            any.orWhere(containsCondition(column, 'pattern', isSqlite));
          }
        }),
        { pattern: containsPattern(filter.text, isSqlite) },
      );
    }
    if (beforeId !== null) {
      // After the cursor row in the list's order; an id that names no row ends the list.
      const cursorTime = '(SELECT c.received_at FROM webhook_messages c WHERE c.id = :beforeId)';
      query.andWhere(
        `(m.receivedAt < ${cursorTime} OR (m.receivedAt = ${cursorTime} AND m.id < :beforeId))`,
        { beforeId },
      );
    }
    return query.orderBy('m.receivedAt', 'DESC').addOrderBy('m.id', 'DESC').limit(limit).getMany();
  }

  // Critical and high messages not done yet, over every stored message.
  async countOpenUrgent(): Promise<OpenUrgentCount[]> {
    const rows = await this.messages
      .createQueryBuilder('m')
      .innerJoin(AnalyticsResult, 'a', 'a.messageId = m.id')
      .select('a.priorityLevel', 'priorityLevel')
      .addSelect('COUNT(*)', 'count')
      .where('a.priorityLevel IN (:...urgent)', { urgent: URGENT_PRIORITIES })
      .andWhere('m.status <> :done', { done: MessageStatus.Done })
      .groupBy('a.priorityLevel')
      .getRawMany<{ priorityLevel: string; count: number | string }>();
    // MySQL answers COUNT(*) as a string.
    return rows.map((row) => ({ priorityLevel: row.priorityLevel, count: Number(row.count) }));
  }
}
