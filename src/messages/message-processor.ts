import { Injectable, Logger } from '@nestjs/common';
import { BotOptimizerService } from 'src/analysis/bot-optimizer.service';
import type { MessageAnalysis } from 'src/core/message-analysis';
import { loggableError, unexpectedErrorDetails } from 'src/common/logging/loggable-error';
import { backoffDelayMs } from 'src/common/resilience/retry-policy';
import { AppConfig } from 'src/config/app-config';
import { escalationOf } from 'src/core/escalation-policy';
import { waitForAgentsMs } from 'src/messages/agent-wait-list';
import type { AnswerWindow } from 'src/messages/answer-window';
import { Handling, type HistoryLine, type InboundMessage } from 'src/core/inbound-message';
import type { IngestResult } from 'src/messages/ingest-result';
import { InstanceId } from 'src/queue/instance-id';
import { MessageHistoryRepository } from 'src/messages/message-history.repository';
import { MessageStagesService } from 'src/messages/message-stages.service';
import {
  type ProcessContext,
  type ProcessOutcome,
  ProcessOutcomeKind,
} from 'src/messages/process-outcome';
import { MessageRepository, OPEN_STATUSES } from 'src/messages/message.repository';
import {
  type AfterFailure,
  StagePath,
  isFirstAttempt,
  isRoutedMarkDue,
  replyTextOf,
  stagePathOf,
  statusAfterFailure,
} from 'src/messages/stage-plan';
import { WebhookMessage } from 'src/messages/webhook-message.entity';
import { MessageStatus } from 'src/core/message-status';
import { GatewayMetrics } from 'src/metrics/gateway-metrics';
import { LeaseHolder } from 'src/queue/lease-holder';
import type { RoutingOutcome } from 'src/core/routing-outcome';
import { RoutingService } from 'src/routing/routing.service';
import { RoutingFailedError } from 'src/messages/routing-failed.error';

interface Attempt {
  id: number;
  number: number;
  statusBefore: MessageStatus;
  message: InboundMessage;
  /** Read alongside the claim; `null` for a record-only message (nothing to analyse). */
  history: Promise<HistoryLine[]> | null;
  window: AnswerWindow | null;
  isFirst: boolean;
  requestId?: string;
}

/**
 * One processing attempt of one stored message, in a straight line: analyse → route → reply →
 * done. The message is claimed first (`LeaseHolder`: renewed while it runs), and every stage that
 * already succeeded is taken from the database instead of being run again
 * (`MessageStagesService`). A failure is recorded on the message with its next attempt
 * (`stage-plan.ts` decides what it becomes). Nothing here knows which platform it came from.
 */
@Injectable()
export class MessageProcessor {
  private readonly logger = new Logger(MessageProcessor.name);
  /** The messages this instance holds (handed back on shutdown). */
  readonly leases: LeaseHolder<WebhookMessage>;

  constructor(
    private readonly messages: MessageRepository,
    private readonly history: MessageHistoryRepository,
    private readonly stages: MessageStagesService,
    private readonly optimizer: BotOptimizerService,
    private readonly routing: RoutingService,
    private readonly config: AppConfig,
    private readonly metrics: GatewayMetrics,
    instance: InstanceId,
  ) {
    this.leases = new LeaseHolder(
      messages.leases,
      instance.value,
      config.pipeline.leaseMs,
      'webhook_messages',
    );
  }

  async process(id: number, context: ProcessContext = {}): Promise<ProcessOutcome> {
    // A message this instance has just stored is `received` with no attempt: its row is not read
    // back. Whether this attempt runs is the claim's decision either way.
    let row: WebhookMessage | null = null;
    let message = context.message;
    if (!message) {
      row = await this.messages.findById(id);
      if (!row) {
        return { kind: ProcessOutcomeKind.Busy };
      }
      if (!OPEN_STATUSES.includes(row.status)) {
        return { kind: ProcessOutcomeKind.Finished, result: await this.stages.resultOf(row) };
      }
      message = WebhookMessage.toInboundMessage(row);
    }
    const status = row?.status ?? MessageStatus.Received;
    const attempts = row?.attempts ?? 0;
    const key = { id, platform: message.platform, conversationId: message.conversationId };
    if (await this.messages.hasEarlierInProgress(key)) {
      return { kind: ProcessOutcomeKind.Blocked };
    }
    // The history is read while the claim is made (only the ingest writes it): when the claim
    // fails, the read is dropped.
    const history = this.historyFor(message);
    const held = await this.leases.runHeld(id, () =>
      this.run({
        id,
        number: attempts + 1,
        statusBefore: status,
        message,
        history,
        window: context.window ?? null,
        isFirst: isFirstAttempt(status, attempts),
        requestId: context.requestId,
      }),
    );
    if (held.isClaimed) {
      return held.value;
    }
    const now = await this.messages.findById(id);
    return now && !OPEN_STATUSES.includes(now.status)
      ? { kind: ProcessOutcomeKind.Finished, result: await this.stages.resultOf(now) }
      : { kind: ProcessOutcomeKind.Busy };
  }

  /** The answer for a repeat delivery or a finished message, rebuilt from the database. */
  resultFromDatabase(row: WebhookMessage): Promise<IngestResult> {
    return this.stages.resultOf(row);
  }

  /** What the analysis and the agent see of the conversation; `null` for a record-only message. */
  private historyFor(message: InboundMessage): Promise<HistoryLine[]> | null {
    if (stagePathOf(message.handling, false) === StagePath.RecordOnly) {
      return null;
    }
    const history = this.history.findBefore(message);
    // Awaited in `run` (its failure fails the attempt there); unread when the claim fails.
    history.catch(() => undefined);
    return history;
  }

  private async run(attempt: Attempt): Promise<ProcessOutcome> {
    const { id, message, window, isFirst } = attempt;
    let analysis: MessageAnalysis | null = null;
    let routing: RoutingOutcome | null = null;
    let reply: string | null = null;
    try {
      if (attempt.history === null) {
        return await this.done(attempt, null, null, null);
      }
      const history = await attempt.history;
      const analyzeStartedAt = performance.now();
      analysis = await this.stages.analyzeOnce(id, message, history, isFirst);
      this.observe('analyze', analyzeStartedAt);
      const isEscalated = this.isEscalatedFromBot(message, analysis);
      if (stagePathOf(message.handling, isEscalated) === StagePath.BackToBot) {
        await this.stages.handBackToBotOnce(id, message, isFirst);
        return await this.done(attempt, analysis, null, null);
      }
      const routeStartedAt = performance.now();
      routing = await this.routing.route({
        messageId: id,
        message,
        analysis,
        history,
        isHumanHandoverRequested: message.handling === Handling.HumanHandover,
        isFirstAttempt: isFirst,
        requestId: attempt.requestId,
      });
      this.observe('route', routeStartedAt);
      if (!routing.isSuccess) {
        throw new RoutingFailedError(routing);
      }
      const language = analysis.language;
      const text = replyTextOf(routing.reply, isEscalated, () =>
        this.optimizer.generateMessage(message.sender.name, language),
      );
      if (text !== null) {
        if (isRoutedMarkDue(attempt.statusBefore)) {
          await this.messages.markStage(id, MessageStatus.Routed);
        }
        const replyStartedAt = performance.now();
        reply = await this.stages.replyOnce(id, message, text, window, isFirst);
        this.observe('reply', replyStartedAt);
        await this.messages.markStage(id, MessageStatus.Replied);
      }
      await this.stages.handOverOnce(attempt, { analysis, routing, reply });
      return await this.done(attempt, analysis, routing, reply);
    } catch (error) {
      return this.fail(attempt, error, analysis, routing);
    }
  }

  // A bot-first message the escalation policy takes from the platform's bot: it is routed, and
  // the optimizer's notice goes out when the agent has no reply.
  private isEscalatedFromBot(message: InboundMessage, analysis: MessageAnalysis): boolean {
    return (
      message.handling === Handling.BotFirst &&
      escalationOf({ analysis, handling: message.handling }).isForAgent
    );
  }

  private async done(
    attempt: Attempt,
    analysis: MessageAnalysis | null,
    routing: RoutingOutcome | null,
    reply: string | null,
  ): Promise<ProcessOutcome> {
    const timing = timingOf(attempt.message);
    await this.messages.markDone(attempt.id, timing);
    if (analysis !== null) {
      this.metrics.stageDuration('total', timing.processingMs / 1000);
      this.logger.log(
        {
          platform: attempt.message.platform,
          messageId: attempt.id,
          attempt: attempt.number,
          urgency: analysis.urgencyScore,
          priority: analysis.priorityLevel,
          analyzer: analysis.analyzer,
          target: routing?.agent ?? null,
          hasReply: reply !== null,
          latencyMs: timing.processingMs,
        },
        'message processed',
      );
    }
    return this.processed(attempt, MessageStatus.Done, analysis, routing, reply, timing, null);
  }

  // The message stays stored whatever happens here: a failure is recorded on it with the time of
  // its next attempt; with no attempts left it is dead until an admin replays it; when no agent
  // was even asked (their breakers are open) it waits for them (`AgentWaitList`), and its pick-up
  // time is only the fallback for a crash. A message for a human is handed over all the same.
  private async fail(
    attempt: Attempt,
    error: unknown,
    analysis: MessageAnalysis | null,
    routing: RoutingOutcome | null,
  ): Promise<ProcessOutcome> {
    const { id, message } = attempt;
    const isRoutingFailure = error instanceof RoutingFailedError;
    const status = statusAfterFailure({
      isRefusedByBreakers: isRoutingFailure && error.routing.attempts === 0,
      attempt: attempt.number,
      maxAttempts: this.config.pipeline.maxAttempts,
    });
    const reason = error instanceof Error ? error.message : String(error);
    const timing = timingOf(message);
    const retryAt = this.retryAtFor(status, attempt.number);
    const fields = { platform: message.platform, messageId: id, attempt: attempt.number, retryAt };
    try {
      if (analysis !== null) {
        await this.stages.handOverOnce(attempt, { analysis, routing, reply: null });
      }
      if (status === MessageStatus.Waiting) {
        // The breakers' changes are logged once each, with how many messages wait.
        this.logger.debug(fields, 'agents unavailable (circuit open), message waits');
        await this.messages.markWaiting(id, `${reason}: circuit open`, retryAt as Date);
      } else {
        const details = isRoutingFailure ? {} : unexpectedErrorDetails(error);
        this.logger[isRoutingFailure ? 'warn' : 'error'](
          { ...fields, status, ...details },
          status === MessageStatus.Dead ? 'message dead' : 'processing failed, will retry',
        );
        await this.messages.markFailed(id, reason, retryAt, timing);
      }
    } catch (markError) {
      // The lease runs out and recovery takes the message again.
      this.logger.error({ messageId: id, ...loggableError(markError) }, 'could not record it');
    }
    return this.processed(attempt, status, analysis, routing, null, timing, retryAt);
  }

  private retryAtFor(status: AfterFailure, attempt: number): Date | null {
    const { retryBaseMs, retryMaxMs } = this.config.pipeline;
    switch (status) {
      case MessageStatus.Waiting:
        return new Date(Date.now() + waitForAgentsMs(this.config));
      case MessageStatus.Failed:
        return new Date(
          Date.now() + backoffDelayMs(attempt, { baseMs: retryBaseMs, maxMs: retryMaxMs }),
        );
      case MessageStatus.Dead:
        return null;
    }
  }

  private observe(stage: 'analyze' | 'route' | 'reply', startedAt: number): void {
    this.metrics.stageDuration(stage, (performance.now() - startedAt) / 1000);
  }

  private processed(
    { id, message }: Attempt,
    status: MessageStatus,
    analysis: MessageAnalysis | null,
    routing: RoutingOutcome | null,
    reply: string | null,
    timing: { processedAt: Date },
    retryAt: Date | null,
  ): ProcessOutcome {
    return {
      kind: ProcessOutcomeKind.Processed,
      retryAt,
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

function timingOf(message: InboundMessage): { processedAt: Date; processingMs: number } {
  const processedAt = new Date();
  return { processedAt, processingMs: processedAt.getTime() - message.receivedAt.getTime() };
}
