import { Injectable } from '@nestjs/common';
import { AnalyticsResultRepository } from 'src/analysis/analytics-result.repository';
import type { MessageAnalysis } from 'src/core/message-analysis';
import { AppError, AppErrorCode } from 'src/common/errors/app-error';
import type { MessageHistory } from 'src/messages/message-history.entity';
import { MessageHistoryRepository } from 'src/messages/message-history.repository';
import type {
  MessageAnalysisResponse,
  MessageDetailResponse,
  MessageHistoryLineResponse,
  OutboundMessageResponse,
  RoutingAttemptResponse,
} from 'src/messages/message-detail.response';
import { MessageRepository } from 'src/messages/message.repository';
import type { WebhookMessage } from 'src/messages/webhook-message.entity';
import type { OutboundMessage } from 'src/replies/outbound-message.entity';
import { OutboundMessageRepository } from 'src/replies/outbound-message.repository';
import type { AgentRouting } from 'src/routing/agent-routing.entity';
import { AgentRoutingRepository } from 'src/routing/agent-routing.repository';

export const MAX_HISTORY_LINES = 200;

/**
 * One stored message as admins see it, with its conversation, analysis, agent calls and replies.
 * Where replies go (`reply_to`, outbound `delivery`) is left out: it can hold callback URLs and
 * tokens. Agent answers are left out too; their status and error say what happened.
 */
@Injectable()
export class MessageDetailService {
  constructor(
    private readonly messages: MessageRepository,
    private readonly history: MessageHistoryRepository,
    private readonly analyses: AnalyticsResultRepository,
    private readonly routingAttempts: AgentRoutingRepository,
    private readonly outbound: OutboundMessageRepository,
  ) {}

  async findById(id: number): Promise<MessageDetailResponse> {
    const message = await this.messages.findById(id);
    if (!message) {
      throw new AppError(AppErrorCode.NotFound, `message ${id} not found`);
    }
    const [history, analysis, attempts, replies] = await Promise.all([
      this.history.findConversationLines(
        message.platform,
        message.conversationId,
        MAX_HISTORY_LINES,
      ),
      this.analyses.findByMessageId(id),
      this.routingAttempts.findAttemptsForMessage(id),
      this.outbound.findForMessage(id),
    ]);
    return {
      ...messageFields(message),
      history: history.map(historyLineOf),
      analysis: analysis && analysisOf(analysis),
      routing_attempts: attempts.map(routingAttemptOf),
      outbound: replies.map(outboundOf),
    };
  }
}

function messageFields(
  row: WebhookMessage,
): Omit<MessageDetailResponse, 'history' | 'analysis' | 'routing_attempts' | 'outbound'> {
  return {
    id: row.id,
    platform: row.platform,
    external_id: row.externalId,
    conversation_id: row.conversationId,
    conversation_name: row.conversationName,
    sender: { id: row.senderId, name: row.senderName, phone: row.senderPhone },
    event_type: row.eventType,
    text: row.text,
    attachments: row.attachments ?? [],
    raw_payload: row.rawPayload,
    status: row.status,
    attempts: row.attempts,
    last_error: row.lastError,
    duplicate_count: row.duplicateCount,
    sent_at: row.sentAt.toISOString(),
    received_at: row.receivedAt.toISOString(),
    processed_at: row.processedAt?.toISOString() ?? null,
    processing_ms: row.processingMs,
  };
}

function historyLineOf(row: MessageHistory): MessageHistoryLineResponse {
  return {
    id: row.id,
    message_id: row.messageId,
    sender: row.sender,
    content: row.content,
    content_type: row.contentType,
    sent_at: row.sentAt?.toISOString() ?? null,
  };
}

function analysisOf(analysis: MessageAnalysis): MessageAnalysisResponse {
  return {
    urgency_score: analysis.urgencyScore,
    category: analysis.category,
    sentiment: analysis.sentiment,
    keywords: analysis.keywords,
    priority_level: analysis.priorityLevel,
    action_required: analysis.isActionRequired,
    recommended_response_time: analysis.recommendedResponseTime,
    language: analysis.language,
    analyzer: analysis.analyzer,
    model: analysis.model,
    reasoning: analysis.reasoning,
  };
}

function routingAttemptOf(row: AgentRouting): RoutingAttemptResponse {
  return {
    agent: row.agent,
    attempt: row.attempt,
    is_fallback: row.isFallback,
    status: row.status,
    http_status: row.httpStatus,
    latency_ms: row.latencyMs,
    error: row.error,
    created_at: row.createdAt.toISOString(),
  };
}

function outboundOf(row: OutboundMessage): OutboundMessageResponse {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    recipient: row.recipient,
    text: row.text,
    attempts: row.attempts,
    last_error: row.lastError,
    external_id: row.externalId,
    created_at: row.createdAt.toISOString(),
    sent_at: row.sentAt?.toISOString() ?? null,
  };
}
