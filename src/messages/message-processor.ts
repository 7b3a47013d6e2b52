import { Injectable, Logger } from '@nestjs/common';
import { AnalysisService } from 'src/analysis/analysis.service';
import { AnalyticsResultRepository } from 'src/analysis/analytics-result.repository';
import { BotOptimizerService } from 'src/analysis/bot-optimizer.service';
import { type MessageAnalysis, PriorityLevel } from 'src/analysis/message-analysis';
import { loggableError, unexpectedErrorDetails } from 'src/common/logging/loggable-error';
import { AppConfig } from 'src/config/app-config';
import type { AnswerWindow } from 'src/messages/answer-window';
import { conversationKeyOf } from 'src/messages/conversation-key';
import { Handling, type HistoryLine, type InboundMessage } from 'src/messages/inbound-message';
import type { IngestResult } from 'src/messages/ingest-result';
import { InstanceId } from 'src/messages/instance-id';
import { MessageRepository, OPEN_STATUSES } from 'src/messages/message.repository';
import { MessageStatus, WebhookMessage } from 'src/messages/webhook-message.entity';
import { GatewayMetrics } from 'src/metrics/gateway-metrics';
import { OutboundKind } from 'src/replies/outbound-message.entity';
import { OutboundMessageRepository } from 'src/replies/outbound-message.repository';
import { OutboundService } from 'src/replies/outbound.service';
import { AgentRoutingRepository } from 'src/routing/agent-routing.repository';
import type { RoutingOutcome } from 'src/routing/routing-outcome';
import { RoutingService } from 'src/routing/routing.service';

export enum ProcessOutcomeKind {
  /** This attempt ran; `result` says how it ended (done, failed with a retry due, dead). */
  Processed = 'processed',
  /** Finished before (by another worker or an earlier attempt): nothing ran. */
  Finished = 'finished',
  /** Another worker holds the message. */
  Busy = 'busy',
  /** An earlier message of its conversation is still on its way; try again shortly. */
  Blocked = 'blocked',
}

export type ProcessOutcome =
  | {
      kind: ProcessOutcomeKind.Processed;
      result: IngestResult;
      retryAt: Date | null;
      conversationKey: string;
      /** No agent could be asked (their breakers are open): it waits for them, not for a time. */
      isWaitingForAgents?: boolean;
    }
  | { kind: ProcessOutcomeKind.Finished; result: IngestResult }
  | { kind: ProcessOutcomeKind.Busy | ProcessOutcomeKind.Blocked };

export interface ProcessContext {
  /** The adapter's message when this instance just stored it (saves reading the row back). */
  message?: InboundMessage;
  window?: AnswerWindow | null;
  /** A caller waits for this attempt's result (a synchronous webhook answer). */
  isAnswerAwaited?: boolean;
  /** The webhook request this attempt runs within, if any (passed on to the agents). */
  requestId?: string;
}

class RoutingFailedError extends Error {
  constructor(agent: string) {
    super(`routing failed: no agent answered (last ${agent})`);
    this.name = 'RoutingFailedError';
  }
}

/**
 * One processing attempt of one stored message: received → analyzed → routed → replied → done.
 * The attempt is claimed on the row first (a lease, renewed while it runs), and every stage that
 * already succeeded is taken from the database instead of being run again: no second OpenAI
 * call, agent call or reply when a message is picked up again. Nothing here knows which platform
 * the message came from.
 */
@Injectable()
export class MessageProcessor {
  private readonly logger = new Logger(MessageProcessor.name);
  /** Messages this instance is processing now (released to others on shutdown). */
  readonly active = new Set<number>();

  constructor(
    private readonly messages: MessageRepository,
    private readonly analysis: AnalysisService,
    private readonly analysisResults: AnalyticsResultRepository,
    private readonly optimizer: BotOptimizerService,
    private readonly routing: RoutingService,
    private readonly routingAttempts: AgentRoutingRepository,
    private readonly outbound: OutboundService,
    private readonly outboundMessages: OutboundMessageRepository,
    private readonly config: AppConfig,
    private readonly instance: InstanceId,
    private readonly metrics: GatewayMetrics,
  ) {}

  async process(id: number, context: ProcessContext = {}): Promise<ProcessOutcome> {
    const row = await this.messages.findById(id);
    if (!row) {
      return { kind: ProcessOutcomeKind.Busy };
    }
    if (!isOpen(row.status)) {
      return { kind: ProcessOutcomeKind.Finished, result: await this.resultFromDatabase(row) };
    }
    if (await this.messages.hasEarlierInProgress(row)) {
      return { kind: ProcessOutcomeKind.Blocked };
    }
    if (!(await this.messages.claim(id, this.lease(), new Date()))) {
      const now = await this.messages.findById(id);
      return now && !isOpen(now.status)
        ? { kind: ProcessOutcomeKind.Finished, result: await this.resultFromDatabase(now) }
        : { kind: ProcessOutcomeKind.Busy };
    }
    this.active.add(id);
    const heartbeat = setInterval(
      () => void this.renew(id),
      Math.max(250, Math.floor(this.config.pipeline.leaseMs / 3)),
    );
    heartbeat.unref();
    try {
      const message = context.message ?? WebhookMessage.toInboundMessage(row);
      // Stages run only after a claim: a message never claimed before has none stored yet.
      const isFirstAttempt = row.status === MessageStatus.Received && row.attempts === 0;
      return await this.run(id, row.attempts + 1, row.status, message, context.window ?? null, {
        isFirstAttempt,
        requestId: context.requestId,
      });
    } finally {
      clearInterval(heartbeat);
      this.active.delete(id);
    }
  }

  /** The answer for a repeat delivery or a finished message, rebuilt from the database. */
  async resultFromDatabase(row: WebhookMessage): Promise<IngestResult> {
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

  private async run(
    id: number,
    attempt: number,
    statusBefore: MessageStatus,
    message: InboundMessage,
    window: AnswerWindow | null,
    { isFirstAttempt, requestId }: { isFirstAttempt: boolean; requestId?: string },
  ): Promise<ProcessOutcome> {
    let analysis: MessageAnalysis | null = null;
    let routing: RoutingOutcome | null = null;
    let reply: string | null = null;
    try {
      if (message.handling === Handling.RecordOnly) {
        // Kept as conversation history only: nothing to score, route or answer.
        const timing = timingOf(message);
        await this.messages.markDone(id, timing);
        return this.processed(id, message, MessageStatus.Done, null, null, null, timing, null);
      }
      const history = await this.messages.findConversationHistory(message);
      const analyzeStartedAt = performance.now();
      analysis = await this.analyzeOnce(id, message, history, isFirstAttempt);
      this.observe('analyze', analyzeStartedAt);
      const isCritical = analysis.priorityLevel === PriorityLevel.Critical;
      if (message.handling === Handling.BotFirst && !isCritical) {
        // The platform's own bot answers this one.
        await this.handBackToBot(id, message, isFirstAttempt);
      } else {
        const routeStartedAt = performance.now();
        routing = await this.routing.route({
          messageId: id,
          message,
          analysis,
          history,
          isHumanHandoverRequested: message.handling === Handling.HumanHandover,
          isFirstAttempt,
          requestId,
        });
        this.observe('route', routeStartedAt);
        if (!routing.isSuccess) {
          throw new RoutingFailedError(routing.agent);
        }
        if (statusBefore !== MessageStatus.Routed && statusBefore !== MessageStatus.Replied) {
          await this.messages.markStage(id, MessageStatus.Routed);
        }
        const text =
          routing.reply ??
          (message.handling === Handling.BotFirst && isCritical
            ? this.optimizer.generateMessage(message.sender.name, analysis.language)
            : null);
        if (text !== null) {
          const replyStartedAt = performance.now();
          reply = await this.replyOnce(id, message, text, window, isFirstAttempt);
          this.observe('reply', replyStartedAt);
          await this.messages.markStage(id, MessageStatus.Replied);
        }
      }
      const timing = timingOf(message);
      await this.messages.markDone(id, timing);
      this.metrics.stageDuration('total', timing.processingMs / 1000);
      this.logger.log(
        {
          platform: message.platform,
          messageId: id,
          attempt,
          urgency: analysis.urgencyScore,
          priority: analysis.priorityLevel,
          analyzer: analysis.analyzer,
          target: routing?.agent ?? null,
          hasReply: reply !== null,
          latencyMs: timing.processingMs,
        },
        'message processed',
      );
      return this.processed(
        id,
        message,
        MessageStatus.Done,
        analysis,
        routing,
        reply,
        timing,
        null,
      );
    } catch (error) {
      return this.fail(id, attempt, message, error, analysis, routing);
    }
  }

  // The message stays stored whatever happens here: a failure is recorded on it with the time of
  // its next attempt, or, with no attempts left, it is dead until an admin replays it.
  private async fail(
    id: number,
    attempt: number,
    message: InboundMessage,
    error: unknown,
    analysis: MessageAnalysis | null,
    routing: RoutingOutcome | null,
  ): Promise<ProcessOutcome> {
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof RoutingFailedError && routing?.attempts === 0) {
      return this.defer(id, attempt, message, reason, analysis, routing);
    }
    const retryAt =
      attempt >= this.config.pipeline.maxAttempts
        ? null
        : new Date(Date.now() + this.retryDelayMs(attempt));
    const status = retryAt ? MessageStatus.Failed : MessageStatus.Dead;
    const level = error instanceof RoutingFailedError ? 'warn' : 'error';
    this.logger[level](
      {
        platform: message.platform,
        messageId: id,
        attempt,
        status,
        retryAt,
        ...(error instanceof RoutingFailedError ? {} : unexpectedErrorDetails(error)),
      },
      status === MessageStatus.Dead ? 'message dead' : 'processing failed, will retry',
    );
    const timing = timingOf(message);
    try {
      await this.messages.markFailed(id, reason, retryAt, timing);
    } catch (markError) {
      // The lease runs out and recovery takes the message again.
      this.logger.error(
        { messageId: id, ...loggableError(markError) },
        'could not record the failure',
      );
    }
    return this.processed(id, message, status, analysis, routing, null, timing, retryAt);
  }

  // No agent was even asked (their circuit breakers are open): this attempt does not count, and
  // the message waits until the breakers let a call through again (`AgentWaitList`). Its pick-up
  // time is only the fallback for when no instance hands it out before: a crash.
  private async defer(
    id: number,
    attempt: number,
    message: InboundMessage,
    reason: string,
    analysis: MessageAnalysis | null,
    routing: RoutingOutcome,
  ): Promise<ProcessOutcome> {
    const retryAt = new Date(Date.now() + waitForAgentsMs(this.config));
    // The breakers' changes are logged once each, with how many messages wait.
    this.logger.debug(
      { platform: message.platform, messageId: id, attempt, retryAt },
      'agents unavailable (circuit open), message waits',
    );
    const timing = timingOf(message);
    try {
      await this.messages.markDeferred(id, `${reason}: circuit open`, retryAt);
    } catch (markError) {
      this.logger.error(
        { messageId: id, ...loggableError(markError) },
        'could not record the deferral',
      );
    }
    return {
      ...this.processed(
        id,
        message,
        MessageStatus.Failed,
        analysis,
        routing,
        null,
        timing,
        retryAt,
      ),
      isWaitingForAgents: true,
    };
  }

  private async analyzeOnce(
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
    await this.analysisResults.saveForMessage(id, computed, Date.now() - startedAt);
    await this.messages.markStage(id, MessageStatus.Analyzed);
    await this.optimizer.recordEngagement({
      userId: message.sender.id,
      eventType: message.eventType,
      isClicked: message.eventType === 'click',
      platform: message.platform,
      messageId: id,
    });
    // Only what is stored is reported: a repeat rebuilds its answer from the database.
    return computed;
  }

  // The caller's answer carries the reply when it is still waiting for it; otherwise the reply
  // goes out through the platform's client, when the platform has one. Once per message.
  private async replyOnce(
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

  private async handBackToBot(
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

  private observe(stage: 'analyze' | 'route' | 'reply', startedAt: number): void {
    this.metrics.stageDuration(stage, (performance.now() - startedAt) / 1000);
  }

  private async renew(id: number): Promise<void> {
    try {
      if (!(await this.messages.renewLease(id, this.lease()))) {
        this.logger.warn({ messageId: id }, 'lease lost while processing');
      }
    } catch (error) {
      this.logger.warn({ messageId: id, ...loggableError(error) }, 'could not renew the lease');
    }
  }

  private lease() {
    return {
      owner: this.instance.value,
      until: new Date(Date.now() + this.config.pipeline.leaseMs),
    };
  }

  // Exponential with full jitter in its upper half, capped.
  private retryDelayMs(attempt: number): number {
    const { retryBaseMs, retryMaxMs } = this.config.pipeline;
    const exponential = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(exponential / 2 + Math.random() * (exponential / 2));
  }

  private processed(
    id: number,
    message: InboundMessage,
    status: MessageStatus,
    analysis: MessageAnalysis | null,
    routing: RoutingOutcome | null,
    reply: string | null,
    timing: { processedAt: Date },
    retryAt: Date | null,
  ): Extract<ProcessOutcome, { kind: ProcessOutcomeKind.Processed }> {
    return {
      kind: ProcessOutcomeKind.Processed,
      retryAt,
      conversationKey: conversationKeyOf(message.platform, message.conversationId),
      result: {
        databaseId: id,
        externalId: message.externalId,
        isDuplicate: false,
        status,
        analysis,
        routing,
        processedAt: timing.processedAt,
        reply,
      },
    };
  }
}

/**
 * How long a message waiting for the agents stays out of recovery sweeps: two open periods of
 * the breakers, renewed while it waits (`AgentWaitList`).
 */
export function waitForAgentsMs(config: AppConfig): number {
  return 2 * config.agents.circuitOpenMs;
}

function isOpen(status: MessageStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

function timingOf(message: InboundMessage): { processedAt: Date; processingMs: number } {
  const processedAt = new Date();
  return { processedAt, processingMs: processedAt.getTime() - message.receivedAt.getTime() };
}
