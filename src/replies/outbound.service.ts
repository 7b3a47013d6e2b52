import { Injectable, Logger, Optional } from '@nestjs/common';
import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  handleWhen,
  type RetryPolicy,
  wrap,
} from 'cockatiel';
import { settlesWithin } from 'src/common/async/time-limit';
import { AppError, AppErrorCode } from 'src/common/errors/app-error';
import { loggableError } from 'src/common/logging/loggable-error';
import { consecutiveBreaker, retryPolicy } from 'src/common/resilience/retry-policy';
import { AppConfig } from 'src/config/app-config';
import { conversationKeyOf } from 'src/messages/conversation-key';
import { InstanceId } from 'src/queue/instance-id';
import { GatewayMetrics } from 'src/metrics/gateway-metrics';
import { LeaseHolder } from 'src/queue/lease-holder';
import { ConversationRateLimiter } from 'src/replies/conversation-rate-limiter';
import type { NewOutboundMessage } from 'src/replies/outbound-message.repository';
import {
  OutboundStatusReports,
  type OutboundStatusUpdate,
} from 'src/replies/outbound-status-reports';
import { type OutboundMessage } from 'src/replies/outbound-message.entity';
import { OutboundKind, OutboundStatus } from 'src/core/outbound-status';
import { OutboundMessageRepository } from 'src/replies/outbound-message.repository';
import type { ProactiveRequest, ReplyRequest } from 'src/replies/outbound-request';
import type { PlatformClient } from 'src/replies/platform-client';
import { PlatformClientRegistry } from 'src/replies/platform-client.registry';
import { PlatformSendError } from 'src/replies/platform-send.error';
import { SendOrder } from 'src/replies/send-order';

export type { OutboundStatusUpdate } from 'src/replies/outbound-status-reports';

const BASE_BACKOFF_MS = 500;
const DUE_BATCH = 200;
const BREAKER_FAILURES = 10;
const BREAKER_OPEN_MS = 30_000;

/**
 * Every message the gateway sends: stored in `outbound_messages` first, then sent through the
 * platform's client with a timeout, retries with backoff and jitter (honouring `Retry-After`) and
 * the platform's per-conversation rate limit. A send is held by one instance at a time (the same
 * lease as inbound processing, `LeaseHolder`); one that keeps failing ends as `failed`.
 */
@Injectable()
export class OutboundService {
  private readonly logger = new Logger(OutboundService.name);
  private readonly limiter = new ConversationRateLimiter();
  private readonly retryPolicy: RetryPolicy;
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();
  private readonly sending = new Set<Promise<unknown>>();
  private readonly reports: OutboundStatusReports;
  private readonly leases: LeaseHolder<OutboundMessage>;
  private readonly order: SendOrder;

  constructor(
    private readonly repository: OutboundMessageRepository,
    private readonly clients: PlatformClientRegistry,
    private readonly config: AppConfig,
    instance: InstanceId,
    @Optional() private readonly metrics?: GatewayMetrics,
  ) {
    this.reports = new OutboundStatusReports(repository);
    this.order = new SendOrder(repository);
    const { maxAttempts, maxBackoffMs } = config.outbound;
    this.retryPolicy = retryPolicy(handleWhen(isRetryable), {
      maxAttempts,
      backoff: { baseMs: BASE_BACKOFF_MS, maxMs: maxBackoffMs },
      retryAfterMsOf: (error) =>
        error instanceof PlatformSendError ? (error.details.retryAfterMs ?? null) : null,
    });
    this.leases = new LeaseHolder(
      repository.leases,
      instance.value,
      config.pipeline.leaseMs,
      'outbound_messages',
    );
  }

  /** Stores a reply to a stored message and sends it in the background; resolves to its id. */
  async queueReply(request: ReplyRequest): Promise<number> {
    return this.queue({
      messageId: request.messageId,
      kind: request.kind,
      platform: request.platform,
      conversationId: request.conversationId,
      recipient: request.replyTo.recipient,
      text: request.text,
      delivery: request.replyTo.delivery,
    });
  }

  /** Records a reply or hand-over the webhook's own answer carried (shown and counted). */
  async recordAnsweredReply(
    request: Omit<ReplyRequest, 'replyTo' | 'kind'> & { recipient: string; kind?: OutboundKind },
  ): Promise<number> {
    const id = await this.repository.insert(
      {
        messageId: request.messageId,
        kind: request.kind ?? OutboundKind.Reply,
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
    return this.queue({
      messageId: null,
      kind: OutboundKind.Proactive,
      platform: request.platform,
      conversationId: request.conversationId,
      recipient: request.recipient,
      text: request.text,
      delivery: null,
    });
  }

  isProactiveSupported(platform: string): boolean {
    return this.clients.find(platform)?.isProactiveSupported ?? false;
  }

  applyStatusUpdates(updates: OutboundStatusUpdate[]): Promise<void> {
    return this.reports.apply(updates);
  }

  /** Resolves once every send started so far has finished (for shutdown and tests). */
  async whenIdle(): Promise<void> {
    while (this.sending.size > 0) {
      await Promise.allSettled([...this.sending]);
    }
  }

  /** Shutdown: waits for running sends, at most `timeoutMs`; the rest lapse to recovery. */
  async stop(timeoutMs: number): Promise<void> {
    await settlesWithin(this.whenIdle(), timeoutMs);
  }

  // A send nobody has taken by its pick-up time was lost with its instance: recovery sends it.
  private async queue(message: NewOutboundMessage): Promise<number> {
    const pickUpAfter = new Date(Date.now() + this.config.pipeline.leaseMs);
    const id = await this.repository.insert(message, OutboundStatus.Queued, pickUpAfter);
    this.sendInBackground(id);
    return id;
  }

  private sendInBackground(id: number): void {
    const work = this.leases
      .runHeld(id, () => this.send(id))
      .catch((error: unknown) =>
        this.logger.error({ outboundId: id, ...loggableError(error) }, 'outbound send crashed'),
      );
    this.sending.add(work);
    this.order.track(id, work);
    void work.finally(() => this.sending.delete(work));
  }

  /**
   * Sends again what a crash or a restart left `queued`, and deferred sends whose time has come
   * (the pipeline's recovery sweep calls this).
   */
  async resumeDue(): Promise<number> {
    const due = await this.repository.leases.findDue(new Date(), DUE_BATCH);
    for (const row of due) {
      this.sendInBackground(row.id);
    }
    return due.length;
  }

  // One breaker per platform: a failing platform API must not slow the others' sends.
  private breakerFor(platform: string): CircuitBreakerPolicy {
    const known = this.breakers.get(platform);
    if (known) {
      return known;
    }
    const breaker = consecutiveBreaker(BREAKER_OPEN_MS, BREAKER_FAILURES, handleWhen(isRetryable));
    this.breakers.set(platform, breaker);
    this.metrics?.watchCircuit(platform, () => breaker.state);
    return breaker;
  }

  private async send(id: number): Promise<void> {
    const row = await this.repository.findById(id);
    if (!row || row.status !== OutboundStatus.Queued || (await this.order.isHeldBack(row))) {
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
          await this.limiter.acquire(
            conversationKeyOf(row.platform, row.recipient),
            limit,
            windowMs,
          );
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
        await this.reports.applyKept(row.platform, receipt.externalId);
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

function isRetryable(error: unknown): boolean {
  return error instanceof PlatformSendError && error.details.isRetryable;
}

function describe(error: unknown): string {
  if (error instanceof PlatformSendError) {
    return error.message;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
