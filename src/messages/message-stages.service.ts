import { Injectable } from '@nestjs/common';
import { AnalysisService } from 'src/analysis/analysis.service';
import { AnalyticsResultRepository } from 'src/analysis/analytics-result.repository';
import { BotOptimizerService } from 'src/analysis/bot-optimizer.service';
import { escalationOf } from 'src/core/escalation-policy';
import type { MessageAnalysis } from 'src/core/message-analysis';
import type { RoutingOutcome } from 'src/core/routing-outcome';
import type { AnswerWindow } from 'src/messages/answer-window';
import type { HistoryLine, InboundMessage } from 'src/core/inbound-message';
import type { IngestResult } from 'src/messages/ingest-result';
import { MessageRepository } from 'src/messages/message.repository';
import { type WebhookMessage } from 'src/messages/webhook-message.entity';
import { MessageStatus } from 'src/core/message-status';
import { OutboundKind } from 'src/core/outbound-status';
import { OutboundMessageRepository } from 'src/replies/outbound-message.repository';
import { OutboundService } from 'src/replies/outbound.service';
import { PlatformClientRegistry } from 'src/replies/platform-client.registry';
import { AgentRoutingRepository } from 'src/routing/agent-routing.repository';

// What a `handover` row shows: the platform's client sends no text for it.
export const HANDOVER_TEXT = 'Conversation handed over to a human';

/**
 * The stages that must happen once per message however often it is picked up: each looks for
 * what an earlier attempt stored before it runs (no second OpenAI call, no second reply), and
 * `resultOf` rebuilds a finished message's answer from the same rows.
 */
@Injectable()
export class MessageStagesService {
  constructor(
    private readonly messages: MessageRepository,
    private readonly analysis: AnalysisService,
    private readonly analysisResults: AnalyticsResultRepository,
    private readonly optimizer: BotOptimizerService,
    private readonly routingAttempts: AgentRoutingRepository,
    private readonly outbound: OutboundService,
    private readonly outboundMessages: OutboundMessageRepository,
    private readonly clients: PlatformClientRegistry,
  ) {}

  async analyzeOnce(
    id: number,
    message: InboundMessage,
    history: HistoryLine[],
    isFirstAttempt: boolean,
  ): Promise<MessageAnalysis> {
    const stored = isFirstAttempt ? null : await this.analysisResults.findByMessageId(id);
    if (stored) {
      return stored;
    }
    const startedAt = Date.now();
    const computed = await this.analysis.analyze({ ...message, history });
    // Three independent writes, side by side. Should one fail, the attempt fails; its retry reuses
    // the analysis if it was stored, and otherwise computes it and writes all three again.
    await Promise.all([
      this.analysisResults.saveForMessage(id, computed, Date.now() - startedAt),
      this.messages.markStage(id, MessageStatus.Analyzed),
      this.optimizer.recordEngagement({
        userId: message.sender.id,
        eventType: message.eventType,
        isClicked: message.eventType === 'click',
        platform: message.platform,
        messageId: id,
      }),
    ]);
    // Only what is stored is reported: a repeat rebuilds its answer from the database.
    return computed;
  }

  // The caller's answer carries the reply when it is still waiting for it; otherwise the reply
  // goes out through the platform's client, when the platform has one.
  async replyOnce(
    id: number,
    message: InboundMessage,
    text: string,
    window: AnswerWindow | null,
    isFirstAttempt: boolean,
  ): Promise<string | null> {
    const earlier = isFirstAttempt ? null : await this.outboundMessages.findReplyForMessage(id);
    if (earlier) {
      return earlier.delivery?.channel === 'webhook_answer' && window?.takeReply()
        ? earlier.text
        : null;
    }
    if (window?.takeReply()) {
      await this.outbound.recordAnsweredReply({
        messageId: id,
        platform: message.platform,
        conversationId: message.conversationId,
        recipient: message.replyTo?.recipient ?? message.sender.id,
        text,
      });
      return text;
    }
    if (message.replyTo) {
      await this.outbound.queueReply({
        messageId: id,
        platform: message.platform,
        conversationId: message.conversationId,
        replyTo: message.replyTo,
        text,
        kind: OutboundKind.Reply,
      });
    }
    return null;
  }

  /**
   * Hands the conversation to a human when the escalation policy says so, on platforms whose
   * client can (Userlike's forward). The caller's answer carries it while the caller waits (its
   * adapter decides from the same analysis and routing); otherwise it goes out through the
   * platform's client as its own `handover` row, after the sends stored before it (the reply
   * first: the forward ends the bot's session). Also called after a failed routing: a message
   * for a human goes to one even when no agent answers.
   */
  async handOverOnce(
    attempt: { id: number; message: InboundMessage; window: AnswerWindow | null; isFirst: boolean },
    outcome: { analysis: MessageAnalysis; routing: RoutingOutcome | null; reply: string | null },
  ): Promise<void> {
    const { id, message, window } = attempt;
    const { handToHuman } = escalationOf({
      analysis: outcome.analysis,
      handling: message.handling,
      routing: outcome.routing,
      hasReply: outcome.reply !== null,
    });
    if (
      !handToHuman ||
      !message.replyTo ||
      !this.clients.find(message.platform)?.isHandoverSupported
    ) {
      return;
    }
    const earlier = attempt.isFirst ? null : await this.outboundMessages.findHandoverForMessage(id);
    if (earlier) {
      if (earlier.delivery?.channel === 'webhook_answer') {
        window?.takeHandover();
      }
      return;
    }
    const request = {
      messageId: id,
      platform: message.platform,
      conversationId: message.conversationId,
      text: HANDOVER_TEXT,
    };
    if (window?.takeHandover()) {
      await this.outbound.recordAnsweredReply({
        ...request,
        recipient: message.replyTo.recipient,
        kind: OutboundKind.Handover,
      });
      return;
    }
    await this.outbound.queueReply({
      ...request,
      replyTo: message.replyTo,
      kind: OutboundKind.Handover,
    });
  }

  async handBackToBotOnce(
    id: number,
    message: InboundMessage,
    isFirstAttempt: boolean,
  ): Promise<void> {
    if (
      !message.replyTo ||
      (!isFirstAttempt && (await this.outboundMessages.findForMessage(id)).length > 0)
    ) {
      return;
    }
    await this.outbound.queueReply({
      messageId: id,
      platform: message.platform,
      conversationId: message.conversationId,
      replyTo: message.replyTo,
      text: message.text,
      kind: OutboundKind.BotPassThrough,
    });
  }

  /** The answer for a repeat delivery or a finished message, rebuilt from the database. */
  async resultOf(row: WebhookMessage): Promise<IngestResult> {
    const analysis = await this.analysisResults.findByMessageId(row.id);
    const routing = analysis
      ? await this.routingAttempts.findOutcomeForMessage(row.id, analysis)
      : null;
    // Only a reply that went out in an answer is repeated; one sent through the API is not.
    const answered = await this.outboundMessages.findReplyForMessage(row.id);
    const reply = answered?.delivery?.channel === 'webhook_answer' ? answered.text : null;
    return {
      databaseId: row.id,
      externalId: row.externalId,
      isDuplicate: false,
      status: row.status,
      analysis,
      routing,
      processedAt: row.processedAt,
      reply,
    };
  }
}
