import type { DataSource } from 'typeorm';
import { AnalyticsResult } from 'src/analysis/analytics-result.entity';
import { historyLineHash } from 'src/messages/history-line-hash';
import { MessageHistory } from 'src/messages/message-history.entity';
import { OPEN_STATUSES } from 'src/messages/message.repository';
import { WebhookMessage } from 'src/messages/webhook-message.entity';
import { MessageStatus } from 'src/core/message-status';
import { OutboundMessage } from 'src/replies/outbound-message.entity';
import { OutboundKind, OutboundStatus } from 'src/core/outbound-status';
import { AgentRouting, RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import { buildWebhookMessageRow } from 'test/factories/webhook-message.factory';

const DAY_MS = 86_400_000;

export interface HistoryLineSpec {
  sender: string;
  content: string;
  sentAt: Date;
}

export interface TriagedMessageSpec {
  message?: Partial<WebhookMessage>;
  // `null`: not analysed yet.
  analysis?: Partial<AnalyticsResult> | null;
  // Earlier lines of the conversation; the message's own line is added after them.
  history?: HistoryLineSpec[];
  routing?: Partial<AgentRouting>[];
  outbound?: Partial<OutboundMessage>[];
}

export interface TriagedMessage {
  message: WebhookMessage;
  analysis: AnalyticsResult | null;
}

// A stored message with what processing it left behind, written straight to the tables.
export async function insertTriagedMessage(
  dataSource: DataSource,
  spec: TriagedMessageSpec = {},
): Promise<TriagedMessage> {
  const status = spec.message?.status ?? MessageStatus.Done;
  const message = await dataSource.getRepository(WebhookMessage).save(
    buildWebhookMessageRow({
      attempts: 1,
      // Unfinished messages are due only tomorrow, so the pipeline's recovery leaves them as
      // they are written.
      nextAttemptAt: OPEN_STATUSES.includes(status) ? new Date(Date.now() + DAY_MS) : null,
      ...spec.message,
      status,
    }),
  );
  const at = (offsetMs: number): Date => new Date(message.receivedAt.getTime() + offsetMs);
  const analysis =
    spec.analysis === null
      ? null
      : await dataSource.getRepository(AnalyticsResult).save({
          messageId: message.id,
          urgencyScore: 5,
          category: 'support',
          sentiment: 'neutral',
          keywords: [],
          priorityLevel: 'normal',
          isActionRequired: true,
          recommendedResponseTime: '4hours',
          language: 'en',
          analyzer: 'heuristic',
          reasoning: 'factory',
          shouldNotify: false,
          vipBoost: 0,
          model: 'triage-test-model',
          latencyMs: 4,
          createdAt: at(30),
          ...spec.analysis,
        });
  const lines = [
    ...(spec.history ?? []),
    {
      sender: message.senderName ?? message.senderId,
      content: message.text,
      sentAt: message.sentAt,
    },
  ];
  await dataSource.getRepository(MessageHistory).save(
    lines.map((line) => ({
      platform: message.platform,
      conversationId: message.conversationId,
      messageId: message.id,
      sender: line.sender,
      content: line.content,
      contentType: 'text',
      sentAt: line.sentAt,
      lineHash: historyLineHash({ ...line, type: 'text' }),
      createdAt: message.receivedAt,
    })),
  );
  await dataSource.getRepository(AgentRouting).save(
    (spec.routing ?? []).map((attempt, index) => ({
      messageId: message.id,
      agent: 'general_purpose',
      url: 'http://127.0.0.1:1/process',
      attempt: 1,
      isFallback: false,
      status: RoutingAttemptStatus.Succeeded,
      httpStatus: 200,
      latencyMs: 120,
      error: null,
      responseBody: null,
      createdAt: at(100 + index * 100),
      ...attempt,
    })),
  );
  await dataSource.getRepository(OutboundMessage).save(
    (spec.outbound ?? []).map((reply) => ({
      messageId: message.id,
      platform: message.platform,
      conversationId: message.conversationId,
      recipient: message.senderId,
      text: 'Thanks, we are on it.',
      status: OutboundStatus.Sent,
      externalId: null,
      attempts: 1,
      lastError: null,
      kind: OutboundKind.Reply,
      delivery: null,
      sentAt: at(900),
      createdAt: at(800),
      updatedAt: at(900),
      ...reply,
    })),
  );
  return { message, analysis };
}
