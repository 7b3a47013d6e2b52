import { Injectable, Logger } from '@nestjs/common';
import { settlesWithin, withTimeout } from 'src/common/async/time-limit';
import { AppError, AppErrorCode } from 'src/common/errors/app-error';
import { loggableError } from 'src/common/logging/loggable-error';
import { AppConfig } from 'src/config/app-config';
import { isConnectionError } from 'src/common/errors/database-errors';
import { AnswerWindow } from 'src/messages/answer-window';
import { conversationKeyOf, deliveryKeyOf } from 'src/core/conversation-key';
import type { InboundMessage } from 'src/core/inbound-message';
import type { IngestOptions, IngestResult } from 'src/messages/ingest-result';
import { MessagePipeline } from 'src/messages/message-pipeline';
import { MessageProcessor } from 'src/messages/message-processor';
import { ProcessOutcomeKind } from 'src/messages/process-outcome';
import { MessageStoreRepository, type StoredMessage } from 'src/messages/message-store.repository';
import { MessageRepository } from 'src/messages/message.repository';
import { type WebhookMessage } from 'src/messages/webhook-message.entity';
import { MessageStatus } from 'src/core/message-status';
import { GatewayMetrics } from 'src/metrics/gateway-metrics';

// What a repeat delivery is answered with once the first one reached it.
const ANSWERED_STATUSES = new Set<MessageStatus>([
  MessageStatus.Done,
  MessageStatus.Failed,
  MessageStatus.Waiting,
  MessageStatus.Dead,
]);
const POLL_INTERVAL_MS = 50;

class StoreTimeoutError extends Error {
  constructor() {
    super('storing the message took too long');
    this.name = 'StoreTimeoutError';
  }
}

/**
 * The one way into the gateway for every platform: store the message (once, however often it is
 * delivered; a 2xx is only ever answered after the commit), then have it processed. Nothing here
 * knows which platform the message came from.
 */
@Injectable()
export class IngestMessageService {
  private readonly logger = new Logger(IngestMessageService.name);
  // Deliveries this instance is storing, by platform and platform id: a repeat in the same tick
  // waits until the first is stored, and then finds its row.
  private readonly storing = new Map<string, Promise<unknown>>();

  constructor(
    private readonly messages: MessageRepository,
    private readonly deliveries: MessageStoreRepository,
    private readonly pipeline: MessagePipeline,
    private readonly processor: MessageProcessor,
    private readonly config: AppConfig,
    private readonly metrics: GatewayMetrics,
  ) {}

  /** Stores each message (once) and processes it; see `ingest`. */
  handle(messages: InboundMessage[], options: IngestOptions = {}): Promise<IngestResult[]> {
    return Promise.all(messages.map((message) => this.ingest(message, options)));
  }

  /**
   * Resolves once the message is stored, and once it is processed or `answerWithinMs` has passed,
   * whichever comes first. Processing goes on after that; its reply then goes out through the
   * platform's client instead of the caller's answer. Rejects (a 503) when the message could not
   * be stored in time or the gateway is shutting down: the platform sends it again.
   */
  async ingest(message: InboundMessage, options: IngestOptions = {}): Promise<IngestResult> {
    if (this.pipeline.isDraining) {
      throw new AppError(AppErrorCode.ShuttingDown, 'shutting down, try again shortly');
    }
    const answerWithinMs = options.answerWithinMs ?? Number.POSITIVE_INFINITY;
    const window = new AnswerWindow(options.isReplyInAnswer ?? false);
    const storeStartedAt = performance.now();
    const stored = await this.storeOnce(message);
    this.metrics.stageDuration('store', (performance.now() - storeStartedAt) / 1000);
    if (stored.isDuplicate) {
      this.metrics.duplicateReceived(message.platform);
    } else {
      this.metrics.messageReceived(message.platform);
      this.pipeline.noteIntake();
    }
    const processing = stored.isDuplicate
      ? this.resultOfEarlierDelivery(stored.id, answerWithinMs)
      : this.process(stored.id, message, window, answerWithinMs, options.requestId);
    if (answerWithinMs === 0 || !Number.isFinite(answerWithinMs)) {
      return this.asDelivered(await processing, stored);
    }
    if ((await settlesWithin(processing, answerWithinMs)) || !window.close()) {
      return this.asDelivered(await processing, stored);
    }
    // Still processing: answer with what is stored; the reply will go out through the API.
    return this.asDelivered(receivedResult(stored.id, message.externalId), stored);
  }

  private async storeOnce(message: InboundMessage): Promise<StoredMessage> {
    const key = deliveryKeyOf(message.platform, message.externalId);
    const previous = this.storing.get(key);
    const work = (previous ? previous.then(noop, noop) : Promise.resolve()).then(() =>
      this.store(message),
    );
    this.storing.set(key, work);
    const forget = (): void => {
      if (this.storing.get(key) === work) {
        this.storing.delete(key);
      }
    };
    work.then(forget, forget);
    return work;
  }

  // Bounded: a database that is down or too slow gives a fast 503, never a late 2xx. A commit
  // that lands after the timeout is processed all the same, and makes the platform's next
  // delivery a duplicate.
  private async store(message: InboundMessage): Promise<StoredMessage> {
    const { leaseMs, storeTimeoutMs } = this.config.pipeline;
    const storing = this.deliveries.storeIfNew(message, new Date(Date.now() + leaseMs));
    try {
      return await withTimeout(storing, storeTimeoutMs, () => new StoreTimeoutError());
    } catch (error) {
      if (error instanceof StoreTimeoutError) {
        storing.then((late) => {
          if (!late.isDuplicate) {
            this.pipeline.dispatch(
              late.id,
              conversationKeyOf(message.platform, message.conversationId),
            );
          }
        }, noop);
      }
      if (error instanceof StoreTimeoutError || isConnectionError(error) || isPoolFull(error)) {
        this.logger.warn(
          { platform: message.platform, ...loggableError(error) },
          'message not stored',
        );
        throw new AppError(
          AppErrorCode.DatabaseUnavailable,
          'database unavailable, try again later',
        );
      }
      throw error;
    }
  }

  private async process(
    id: number,
    message: InboundMessage,
    window: AnswerWindow,
    answerWithinMs: number,
    requestId: string | undefined,
  ): Promise<IngestResult> {
    const key = conversationKeyOf(message.platform, message.conversationId);
    if (answerWithinMs === 0) {
      this.pipeline.dispatch(id, key);
      return receivedResult(id, message.externalId);
    }
    const outcome = await this.pipeline.runHere(id, key, {
      message,
      window,
      isAnswerAwaited: true,
      requestId,
    });
    switch (outcome.kind) {
      case ProcessOutcomeKind.Processed:
      case ProcessOutcomeKind.Finished:
        return outcome.result;
      case ProcessOutcomeKind.Busy:
      case ProcessOutcomeKind.Blocked:
        return this.resultNow(id, message.externalId);
    }
  }

  // A repeat is answered with the first delivery's result: wait for it while it is processed here
  // or elsewhere, as long as the caller waits. One that nobody has taken for a while (its first
  // delivery was refused after all, or its instance died) is processed here.
  private async resultOfEarlierDelivery(id: number, answerWithinMs: number): Promise<IngestResult> {
    const waitMs = Number.isFinite(answerWithinMs)
      ? answerWithinMs
      : this.config.pipeline.leaseMs * 2;
    const deadline = Date.now() + waitMs;
    let row = await this.messages.findById(id);
    if (row && answerWithinMs !== 0 && isLeftAlone(row)) {
      await this.pipeline.runHere(id, conversationKeyOf(row.platform, row.conversationId), {
        isAnswerAwaited: true,
      });
      row = await this.messages.findById(id);
    }
    while (row && !ANSWERED_STATUSES.has(row.status) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
      row = await this.messages.findById(id);
    }
    if (!row) {
      throw new AppError(AppErrorCode.Internal, 'stored message vanished');
    }
    return this.processor.resultFromDatabase(row);
  }

  private async resultNow(id: number, externalId: string): Promise<IngestResult> {
    const row = await this.messages.findById(id);
    return row ? this.processor.resultFromDatabase(row) : receivedResult(id, externalId);
  }

  private asDelivered(result: IngestResult, stored: StoredMessage): IngestResult {
    return { ...result, databaseId: stored.id, isDuplicate: stored.isDuplicate };
  }
}

function receivedResult(id: number, externalId: string): IngestResult {
  return {
    databaseId: id,
    externalId,
    isDuplicate: false,
    status: MessageStatus.Received,
    analysis: null,
    routing: null,
    processedAt: null,
    reply: null,
  };
}

const LEFT_ALONE_AFTER_MS = 1000;

// Open, held by nobody, and not just stored (its own delivery may be about to claim it).
function isLeftAlone(row: WebhookMessage): boolean {
  const now = Date.now();
  return (
    !ANSWERED_STATUSES.has(row.status) &&
    (row.lockedUntil === null || row.lockedUntil.getTime() < now) &&
    now - row.receivedAt.getTime() > LEFT_ALONE_AFTER_MS
  );
}

// mysql2's pool refuses work beyond its queue limit with this message and no code.
function isPoolFull(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('Queue limit reached');
}

function noop(): void {}
