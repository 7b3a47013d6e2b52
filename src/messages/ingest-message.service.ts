import { Injectable, Logger } from '@nestjs/common';
import { AnalysisService } from 'src/analysis/analysis.service';
import { AnalyticsResultRepository } from 'src/analysis/analytics-result.repository';
import { BotOptimizerService } from 'src/analysis/bot-optimizer.service';
import type { MessageAnalysis } from 'src/analysis/message-analysis';
import { loggableError } from 'src/common/logging/loggable-error';
import { AppConfig } from 'src/config/app-config';
import { AnswerWindow } from 'src/messages/answer-window';
import { Handling, type InboundMessage } from 'src/messages/inbound-message';
import type { IngestOptions, IngestResult } from 'src/messages/ingest-result';
import { PriorityLevel } from 'src/analysis/message-analysis';
import { OutboundKind } from 'src/replies/outbound-message.entity';
import { OutboundMessageRepository } from 'src/replies/outbound-message.repository';
import { OutboundService } from 'src/replies/outbound.service';
import type { RoutingOutcome } from 'src/routing/routing-outcome';
import { MessageRepository } from 'src/messages/message.repository';
import { MessageStatus, type WebhookMessage } from 'src/messages/webhook-message.entity';
import { AgentRoutingRepository } from 'src/routing/agent-routing.repository';
import { RoutingService } from 'src/routing/routing.service';

const FINAL_STATUSES = new Set<MessageStatus>([
  MessageStatus.Done,
  MessageStatus.Failed,
  MessageStatus.Dead,
]);
const POLL_INTERVAL_MS = 50;
const MAX_OPENAI_BACKOFF_MS = 2000;
const MAX_AGENT_BACKOFF_MS = 200;
const DATABASE_SLACK_MS = 5000;

// Nothing here knows which platform the message came from.
@Injectable()
export class IngestMessageService {
  private readonly logger = new Logger(IngestMessageService.name);
  // Deliveries this instance is working on, by platform and platform id: registered before the
  // row exists, so a concurrent repeat can never mistake a fresh message for an abandoned one.
  private readonly inFlight = new Map<string, Promise<IngestResult>>();

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
  ) {}

  /**
   * Stores the messages (each once, however often it is delivered) and processes them; see
   * `ingest`.
   */
  handle(messages: InboundMessage[], options: IngestOptions = {}): Promise<IngestResult[]> {
    return Promise.all(messages.map((message) => this.ingest(message, options)));
  }

  /**
   * Resolves once the message is stored, and once it is processed or `answerWithinMs` has passed,
   * whichever comes first. Processing goes on after that; its reply then goes out through the
   * platform's client instead of the caller's answer.
   */
  async ingest(message: InboundMessage, options: IngestOptions = {}): Promise<IngestResult> {
    const answerWithinMs = options.answerWithinMs ?? Number.POSITIVE_INFINITY;
    const window = new AnswerWindow(options.isReplyInAnswer ?? false);
    let storedId: number | null = null;
    let isDuplicate = false;
    const onStored = new Promise<void>((resolve) => {
      window.onStored = (id, duplicate) => {
        storedId = id;
        isDuplicate = duplicate;
        resolve();
      };
    });
    const key = deliveryKey(message);
    // Chained synchronously: a repeat of a delivery in flight here runs after it settles and
    // then finds its row final, however many arrive in the same tick.
    const previous = this.inFlight.get(key);
    const work = (previous ? previous.then(noop, noop) : Promise.resolve()).then(() =>
      this.storeAndProcess(message, window),
    );
    this.inFlight.set(key, work);
    const forget = (): void => {
      if (this.inFlight.get(key) === work) {
        this.inFlight.delete(key);
      }
    };
    work.then(forget, forget);
    if (!Number.isFinite(answerWithinMs)) {
      return work;
    }
    // A failure to store rejects here: nothing is answered 2xx before the row exists.
    await Promise.race([onStored, work]);
    const timedOut = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(true), answerWithinMs);
      void work.then(
        () => {
          clearTimeout(timer);
          resolve(false);
        },
        () => {
          clearTimeout(timer);
          resolve(false);
        },
      );
    });
    if (!timedOut || !window.close()) {
      return work;
    }
    // Still processing: answer with what is stored; the reply will go out through the API.
    return {
      databaseId: storedId ?? 0,
      externalId: message.externalId,
      isDuplicate,
      status: MessageStatus.Received,
      analysis: null,
      routing: null,
      processedAt: null,
      reply: null,
    };
  }

  private async storeAndProcess(
    message: InboundMessage,
    window: AnswerWindow,
  ): Promise<IngestResult> {
    const stored = await this.messages.storeIfNew(message);
    window.onStored?.(stored.id, stored.isDuplicate);
    if (!stored.isDuplicate) {
      return this.process(stored.id, message, window);
    }
    this.logger.log({ platform: message.platform, messageId: stored.id }, 'duplicate delivery');
    return { ...(await this.resultOfEarlierDelivery(stored.id, message)), isDuplicate: true };
  }

  private async process(
    id: number,
    message: InboundMessage,
    window: AnswerWindow | null,
  ): Promise<IngestResult> {
    let analysis: MessageAnalysis | null = null;
    let routing: RoutingOutcome | null = null;
    let reply: string | null = null;
    try {
      if (message.handling === Handling.RecordOnly) {
        // Kept as conversation history only: nothing to score, route or answer.
        const processedAt = new Date();
        await this.messages.markDone(id, {
          processedAt,
          processingMs: processedAt.getTime() - message.receivedAt.getTime(),
        });
        return { ...this.resultOf(id, message, MessageStatus.Done, null, null), processedAt };
      }
      const history = await this.messages.findConversationHistory(message);
      const analysisStartedAt = Date.now();
      const computed = await this.analysis.analyze({ ...message, history });
      await this.analysisResults.saveForMessage(id, computed, Date.now() - analysisStartedAt);
      // Only a stored analysis is reported: a repeat rebuilds its answer from the database.
      analysis = computed;
      await this.messages.markAnalyzed(id);
      await this.optimizer.recordEngagement({
        userId: message.sender.id,
        eventType: message.eventType,
        isClicked: message.eventType === 'click',
        platform: message.platform,
        messageId: id,
      });
      const isCritical = analysis.priorityLevel === PriorityLevel.Critical;
      if (message.handling === Handling.BotFirst && !isCritical) {
        // The platform's own bot answers this one.
        await this.handBackToBot(id, message);
      } else {
        routing = await this.routing.route({
          messageId: id,
          message,
          analysis,
          history,
          isHumanHandoverRequested: message.handling === Handling.HumanHandover,
        });
        const text =
          routing.reply ??
          (message.handling === Handling.BotFirst && isCritical
            ? this.optimizer.generateMessage(message.sender.name, analysis.language)
            : null);
        reply = text === null ? null : await this.deliverReply(id, message, text, window);
      }
      const processedAt = new Date();
      const timing = {
        processedAt,
        processingMs: processedAt.getTime() - message.receivedAt.getTime(),
      };
      // No agent answered: the message stays failed so it can be retried or replayed.
      const isRouted = routing === null || routing.isSuccess;
      const status = isRouted ? MessageStatus.Done : MessageStatus.Failed;
      if (isRouted) {
        await this.messages.markDone(id, timing);
      } else {
        await this.messages.markFailed(
          id,
          `routing failed: no agent answered (last ${routing?.agent ?? 'none'})`,
          timing,
        );
      }
      this.logger.log(
        {
          platform: message.platform,
          messageId: id,
          urgency: analysis.urgencyScore,
          priority: analysis.priorityLevel,
          analyzer: analysis.analyzer,
          target: routing?.agent ?? null,
          isRouted,
          hasReply: reply !== null,
          latencyMs: timing.processingMs,
        },
        'message processed',
      );
      return { ...this.resultOf(id, message, status, analysis, routing), processedAt, reply };
    } catch (error) {
      // The message is stored: a failure after that is recorded on it and never becomes a 5xx,
      // which would only make the platform send the message again.
      this.logger.error(
        { platform: message.platform, messageId: id, ...loggableError(error) },
        'processing failed',
      );
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      await this.messages
        .markFailed(id, reason)
        .catch((markError: unknown) =>
          this.logger.error(
            { messageId: id, ...loggableError(markError) },
            'could not record the failure',
          ),
        );
      return this.resultOf(id, message, MessageStatus.Failed, analysis, routing);
    }
  }

  private resultOf(
    id: number,
    message: InboundMessage,
    status: MessageStatus,
    analysis: MessageAnalysis | null,
    routing: RoutingOutcome | null,
  ): IngestResult {
    return {
      databaseId: id,
      externalId: message.externalId,
      isDuplicate: false,
      status,
      analysis,
      routing,
      processedAt: null,
      reply: null,
    };
  }

  // The caller's answer carries the reply when it is still waiting for it; otherwise the reply
  // goes out through the platform's client, when the platform has one.
  private async deliverReply(
    id: number,
    message: InboundMessage,
    text: string,
    window: AnswerWindow | null,
  ): Promise<string | null> {
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

  private async handBackToBot(id: number, message: InboundMessage): Promise<void> {
    if (!message.replyTo) {
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

  // A repeat delivery is answered with the first delivery's result: wait for it when it is being
  // processed here or elsewhere, and take the message over when its processing was abandoned.
  // Not in flight here: another instance is processing it, or a crash abandoned it. It is taken
  // over only after its attempt count has stood still for a whole processing budget; one process
  // owns an SQLite file, so there it can only have been abandoned.
  private async resultOfEarlierDelivery(
    id: number,
    message: InboundMessage,
  ): Promise<IngestResult> {
    const budgetMs = this.config.database.kind === 'sqlite' ? 0 : this.maxProcessingMs();
    let row = await this.messages.findById(id);
    let seenAttempts = row?.attempts;
    let deadline = Date.now() + budgetMs;
    while (row && !FINAL_STATUSES.has(row.status)) {
      if (row.attempts !== seenAttempts) {
        seenAttempts = row.attempts;
        deadline = Date.now() + budgetMs;
      } else if (Date.now() >= deadline) {
        if (await this.messages.claim(id, row.attempts)) {
          this.logger.warn({ messageId: id }, 'taking over abandoned message');
          return this.process(id, message, null);
        }
        // Someone else took it a moment ago: wait for them.
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
      row = await this.messages.findById(id);
    }
    return this.resultFromDatabase(id, message.externalId, row);
  }

  private async resultFromDatabase(
    id: number,
    externalId: string,
    known?: WebhookMessage | null,
  ): Promise<IngestResult> {
    const row = known ?? (await this.messages.findById(id));
    const analysis: MessageAnalysis | null = await this.analysisResults.findByMessageId(id);
    const routing = analysis
      ? await this.routingAttempts.findOutcomeForMessage(id, analysis)
      : null;
    // Only a reply that went out in an answer is repeated; one sent through the API is not.
    const answered = await this.outboundMessages.findReplyForMessage(id);
    const reply = answered?.delivery?.channel === 'webhook_answer' ? answered.text : null;
    return {
      databaseId: id,
      externalId,
      isDuplicate: false,
      status: row?.status ?? MessageStatus.Failed,
      analysis,
      routing,
      processedAt: row?.processedAt ?? null,
      reply,
    };
  }

  // Longest one message's processing can take: OpenAI attempts with their backoff, every agent
  // attempt with its backoff, plus slack for the database.
  private maxProcessingMs(): number {
    const { openai, agents } = this.config;
    const openAiMs = openai.apiKey
      ? openai.timeoutMs * (openai.maxRetries + 1) + MAX_OPENAI_BACKOFF_MS * openai.maxRetries
      : 0;
    const agentMs = (agents.timeoutMs + MAX_AGENT_BACKOFF_MS) * agents.maxAttempts * 2;
    return openAiMs + agentMs + DATABASE_SLACK_MS;
  }
}

function deliveryKey(message: InboundMessage): string {
  return `${message.platform}\u0000${message.externalId}`;
}

function noop(): void {}
