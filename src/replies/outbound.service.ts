import { Injectable, Logger, type OnApplicationShutdown, Optional } from '@nestjs/common';
import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  circuitBreaker,
  ConsecutiveBreaker,
  DelegateBackoff,
  handleWhen,
  type IRetryBackoffContext,
  retry,
  type RetryPolicy,
  wrap,
} from 'cockatiel';
import { settlesWithin } from 'src/common/async/time-limit';
import { AppError, AppErrorCode } from 'src/common/errors/app-error';
import { loggableError } from 'src/common/logging/loggable-error';
import { AppConfig } from 'src/config/app-config';
import type { ReplyAddress } from 'src/messages/inbound-message';
import { GatewayMetrics } from 'src/metrics/gateway-metrics';
import {
  OutboundKind,
  type OutboundMessage,
  OutboundStatus,
} from 'src/replies/outbound-message.entity';
import { OutboundMessageRepository } from 'src/replies/outbound-message.repository';
import { ConversationRateLimiter } from 'src/replies/conversation-rate-limiter';
import type { PlatformClient } from 'src/replies/platform-client';
import { PlatformClientRegistry } from 'src/replies/platform-client.registry';
import { PlatformSendError } from 'src/replies/platform-send.error';

export interface ReplyRequest {
  messageId: number;
  platform: string;
  conversationId: string;
  replyTo: ReplyAddress;
  text: string;
  kind: OutboundKind.Reply | OutboundKind.BotPassThrough;
}

export interface ProactiveRequest {
  platform: string;
  recipient: string;
  text: string;
  conversationId: string | null;
}

/** A platform's report on a message we sent (WhatsApp `statuses[]`). */
export interface OutboundStatusUpdate {
  platform: string;
  externalId: string;
  status:
    OutboundStatus.Sent | OutboundStatus.Delivered | OutboundStatus.Read | OutboundStatus.Failed;
  error: string | null;
}

const BASE_BACKOFF_MS = 500;
const EARLY_STATUS_TTL_MS = 10 * 60 * 1000;
const SHUTDOWN_WAIT_MS = 10_000;
const STALE_BATCH = 200;
const BREAKER_FAILURES = 10;
const BREAKER_OPEN_MS = 30_000;

/**
 * Every message the gateway sends: stored in `outbound_messages` first, then sent through the
 * platform's client with a timeout, retries with backoff and jitter (honouring `Retry-After`) and
 * the platform's per-conversation rate limit. A send that keeps failing ends as `failed`.
 */
@Injectable()
export class OutboundService implements OnApplicationShutdown {
  private readonly logger = new Logger(OutboundService.name);
  private readonly limiter = new ConversationRateLimiter();
  private readonly retryPolicy: RetryPolicy;
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();
  private readonly sending = new Set<Promise<void>>();
  // Status reports that arrived before their send returned, by platform and external id.
  private readonly earlyStatuses = new Map<
    string,
    { update: OutboundStatusUpdate; at: number }[]
  >();

  constructor(
    private readonly repository: OutboundMessageRepository,
    private readonly clients: PlatformClientRegistry,
    private readonly config: AppConfig,
    @Optional() private readonly metrics?: GatewayMetrics,
  ) {
    const { maxAttempts, maxBackoffMs } = config.outbound;
    this.retryPolicy = retry(
      handleWhen((error) => error instanceof PlatformSendError && error.details.isRetryable),
      {
        maxAttempts: maxAttempts - 1,
        backoff: new DelegateBackoff((context: IRetryBackoffContext<unknown>) =>
          backoffMs(context, maxBackoffMs),
        ),
      },
    );
  }

  /** Stores a reply to a stored message and sends it in the background; resolves to its id. */
  async queueReply(request: ReplyRequest): Promise<number> {
    const id = await this.repository.insert({
      messageId: request.messageId,
      kind: request.kind,
      platform: request.platform,
      conversationId: request.conversationId,
      recipient: request.replyTo.recipient,
      text: request.text,
      delivery: request.replyTo.delivery,
    });
    this.sendInBackground(id);
    return id;
  }

  /** Records a reply that went out in the webhook's own answer, so it is shown and counted. */
  async recordAnsweredReply(
    request: Omit<ReplyRequest, 'replyTo' | 'kind'> & { recipient: string },
  ): Promise<number> {
    const id = await this.repository.insert(
      {
        messageId: request.messageId,
        kind: OutboundKind.Reply,
        platform: request.platform,
        conversationId: request.conversationId,
        recipient: request.recipient,
        text: request.text,
        delivery: { channel: 'webhook_answer' },
      },
      OutboundStatus.Sent,
    );
    this.metrics?.outboundSend(request.platform, OutboundStatus.Sent);
    return id;
  }

  /** `POST /messages/proactive`: stored, then sent in the background; resolves to its id. */
  async queueProactive(request: ProactiveRequest): Promise<number> {
    const client = this.clients.find(request.platform);
    if (!client?.isProactiveSupported) {
      throw new AppError(
        AppErrorCode.PlatformUnsupported,
        `${request.platform} does not accept proactive messages through this gateway`,
      );
    }
    const id = await this.repository.insert({
      messageId: null,
      kind: OutboundKind.Proactive,
      platform: request.platform,
      conversationId: request.conversationId,
      recipient: request.recipient,
      text: request.text,
      delivery: null,
    });
    this.sendInBackground(id);
    return id;
  }

  isProactiveSupported(platform: string): boolean {
    return this.clients.find(platform)?.isProactiveSupported ?? false;
  }

  async applyStatusUpdates(updates: OutboundStatusUpdate[]): Promise<void> {
    for (const update of updates) {
      if (await this.applyIfKnown(update)) {
        continue;
      }
      this.keepEarlyStatus(update);
      // The send may have been marked between the lookup and now, after its early statuses were
      // taken: then this one is applied here instead of waiting for nothing.
      if (await this.applyIfKnown(update)) {
        this.forgetEarlyStatus(update);
      }
    }
  }

  /** Resolves once every send started so far has finished (for shutdown and tests). */
  async whenIdle(): Promise<void> {
    while (this.sending.size > 0) {
      await Promise.allSettled([...this.sending]);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    // Sends still running after this stay `queued` and are visible to admins.
    await settlesWithin(this.whenIdle(), SHUTDOWN_WAIT_MS);
  }

  private sendInBackground(id: number): void {
    const work = this.deliver(id).catch((error: unknown) =>
      this.logger.error({ outboundId: id, ...loggableError(error) }, 'outbound send crashed'),
    );
    this.sending.add(work);
    void work.finally(() => this.sending.delete(work));
  }

  /**
   * Sends again what a crash or a restart left `queued` (recovery calls this periodically). A
   * send is held by one instance at a time, for as long as its retries can take.
   */
  async resumeStale(): Promise<number> {
    const now = new Date();
    const stale = await this.repository.findStale(
      now,
      new Date(now.getTime() - this.sendLeaseMs()),
      STALE_BATCH,
    );
    for (const row of stale) {
      this.sendInBackground(row.id);
    }
    return stale.length;
  }

  // One breaker per platform: a failing platform API must not slow the others' sends.
  private breakerFor(platform: string): CircuitBreakerPolicy {
    let breaker = this.breakers.get(platform);
    if (!breaker) {
      breaker = circuitBreaker(
        handleWhen((error) => error instanceof PlatformSendError && error.details.isRetryable),
        { halfOpenAfter: BREAKER_OPEN_MS, breaker: new ConsecutiveBreaker(BREAKER_FAILURES) },
      );
      this.breakers.set(platform, breaker);
      const watched = breaker;
      this.metrics?.watchCircuit(platform, () => watched.state);
    }
    return breaker;
  }

  private sendLeaseMs(): number {
    const { timeoutMs, maxAttempts, maxBackoffMs } = this.config.outbound;
    return timeoutMs * maxAttempts + maxBackoffMs * (maxAttempts - 1) + 5000;
  }

  private async deliver(id: number): Promise<void> {
    const now = new Date();
    if (
      !(await this.repository.claimForSend(id, new Date(now.getTime() + this.sendLeaseMs()), now))
    ) {
      return;
    }
    const row = await this.repository.findById(id);
    if (!row || row.status !== OutboundStatus.Queued) {
      return;
    }
    const client = this.clients.find(row.platform);
    if (!client) {
      await this.repository.markFailed(id, `no client for platform ${row.platform}`);
      this.metrics?.outboundSend(row.platform, OutboundStatus.Failed);
      return;
    }
    if (await this.isOutsideReplyWindow(client, row)) {
      await this.repository.markNeedsTemplate(
        id,
        'outside the platform window for free-form messages: send a template',
      );
      this.metrics?.outboundSend(row.platform, OutboundStatus.NeedsTemplate);
      this.logger.warn({ outboundId: id, platform: row.platform }, 'outbound needs a template');
      return;
    }
    try {
      const policy = wrap(this.retryPolicy, this.breakerFor(row.platform));
      const receipt = await policy.execute(async () => {
        if (client.rateLimit) {
          const { limit, windowMs } = client.rateLimit;
          await this.limiter.acquire(`${row.platform}\u0000${row.recipient}`, limit, windowMs);
        }
        await this.repository.countAttempt(id);
        try {
          return await client.send(envelopeOf(row));
        } catch (error) {
          await this.repository.recordError(id, describe(error));
          throw error;
        }
      });
      await this.repository.markSent(id, receipt.externalId);
      this.metrics?.outboundSend(row.platform, OutboundStatus.Sent);
      if (receipt.externalId) {
        await this.applyEarlyStatuses(row.platform, receipt.externalId);
      }
      this.logger.log({ outboundId: id, platform: row.platform, kind: row.kind }, 'outbound sent');
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        // The platform keeps failing: the send waits, still queued, and recovery sends it once
        // the breaker lets calls through again.
        await this.repository.deferSend(id, new Date(Date.now() + BREAKER_OPEN_MS));
        this.logger.warn(
          { outboundId: id, platform: row.platform },
          'outbound deferred: circuit open',
        );
        return;
      }
      await this.repository.markFailed(id, describe(error));
      this.metrics?.outboundSend(row.platform, OutboundStatus.Failed);
      this.logger.warn(
        { outboundId: id, platform: row.platform, ...loggableError(error) },
        'outbound failed',
      );
    } finally {
      this.limiter.prune();
    }
  }

  private async isOutsideReplyWindow(
    client: PlatformClient,
    row: OutboundMessage,
  ): Promise<boolean> {
    if (client.replyWindowMs === undefined) {
      return false;
    }
    const lastInboundAt = await this.repository.findLastInboundAt(
      row.platform,
      row.conversationId ?? row.recipient,
    );
    return lastInboundAt === null || Date.now() - lastInboundAt.getTime() > client.replyWindowMs;
  }

  private keepEarlyStatus(update: OutboundStatusUpdate): void {
    const now = Date.now();
    for (const [key, entries] of this.earlyStatuses) {
      const fresh = entries.filter((entry) => now - entry.at < EARLY_STATUS_TTL_MS);
      if (fresh.length === 0) {
        this.earlyStatuses.delete(key);
      } else {
        this.earlyStatuses.set(key, fresh);
      }
    }
    const key = `${update.platform}\u0000${update.externalId}`;
    this.earlyStatuses.set(key, [...(this.earlyStatuses.get(key) ?? []), { update, at: now }]);
  }

  private applyIfKnown(update: OutboundStatusUpdate): Promise<boolean> {
    return this.repository.applyStatus(
      update.platform,
      update.externalId,
      update.status,
      update.error,
    );
  }

  private forgetEarlyStatus(update: OutboundStatusUpdate): void {
    const key = `${update.platform}\u0000${update.externalId}`;
    const rest = (this.earlyStatuses.get(key) ?? []).filter((entry) => entry.update !== update);
    if (rest.length === 0) {
      this.earlyStatuses.delete(key);
    } else {
      this.earlyStatuses.set(key, rest);
    }
  }

  private async applyEarlyStatuses(platform: string, externalId: string): Promise<void> {
    const key = `${platform}\u0000${externalId}`;
    const entries = this.earlyStatuses.get(key);
    this.earlyStatuses.delete(key);
    for (const { update } of entries ?? []) {
      await this.repository.applyStatus(platform, externalId, update.status, update.error);
    }
  }
}

function envelopeOf(row: OutboundMessage) {
  return {
    id: row.id,
    kind: row.kind,
    recipient: row.recipient,
    conversationId: row.conversationId,
    text: row.text,
    delivery: row.delivery,
  };
}

// Exponential with jitter, or the platform's `Retry-After` when it gave one.
function backoffMs(context: IRetryBackoffContext<unknown>, maxBackoffMs: number): number {
  const error = 'error' in context.result ? context.result.error : null;
  if (error instanceof PlatformSendError && typeof error.details.retryAfterMs === 'number') {
    return error.details.retryAfterMs;
  }
  const exponential = Math.min(maxBackoffMs, BASE_BACKOFF_MS * 2 ** (context.attempt - 1));
  return Math.round(exponential / 2 + Math.random() * (exponential / 2));
}

function describe(error: unknown): string {
  if (error instanceof PlatformSendError) {
    return error.message;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
