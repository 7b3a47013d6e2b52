import type { DataSource } from 'typeorm';
import { AnalyticsResult } from 'src/analysis/analytics-result.entity';
import { type WebhookMessage } from 'src/messages/webhook-message.entity';
import { MessageStatus } from 'src/core/message-status';
import { OutboundMessage } from 'src/replies/outbound-message.entity';
import { type OutboundStatus } from 'src/core/outbound-status';
import { AgentRouting, type RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import { insertWebhookMessage } from 'test/factories/webhook-message.factory';

// The rows `/stats` and `/stats/timeseries` count, each with only what a test means to vary.
export class StatsRowFactory {
  constructor(private readonly dataSource: DataSource) {}

  // Done, untimed and not repeated unless said otherwise.
  message(fields: Partial<WebhookMessage> & { receivedAt: Date }): Promise<WebhookMessage> {
    return insertWebhookMessage(this.dataSource, {
      platform: 'whatsapp',
      status: MessageStatus.Done,
      duplicateCount: 0,
      processingMs: null,
      ...fields,
    });
  }

  analysis(
    message: WebhookMessage,
    fields: Partial<AnalyticsResult> & { createdAt: Date },
  ): Promise<AnalyticsResult> {
    return this.dataSource.getRepository(AnalyticsResult).save({
      messageId: message.id,
      urgencyScore: 5,
      category: 'general',
      sentiment: 'neutral',
      keywords: [],
      priorityLevel: 'normal',
      isActionRequired: false,
      recommendedResponseTime: '24hours',
      language: 'en',
      analyzer: 'heuristic',
      reasoning: 'test',
      shouldNotify: false,
      latencyMs: 1,
      ...fields,
    });
  }

  routing(
    message: WebhookMessage,
    fields: Partial<AgentRouting> & {
      agent: string;
      status: RoutingAttemptStatus;
      createdAt: Date;
    },
  ): Promise<AgentRouting> {
    return this.dataSource.getRepository(AgentRouting).save({
      messageId: message.id,
      url: 'http://127.0.0.1:1/process',
      attempt: 1,
      latencyMs: 0,
      ...fields,
    });
  }

  outbound(status: OutboundStatus, createdAt: Date): Promise<OutboundMessage> {
    return this.dataSource.getRepository(OutboundMessage).save({
      platform: 'whatsapp',
      recipient: '4700000000',
      text: 'reply',
      status,
      createdAt,
      updatedAt: createdAt,
    });
  }
}
