import { Injectable, Logger, Optional } from '@nestjs/common';
import { BrokenCircuitError } from 'cockatiel';
import { settlesWithin } from 'src/common/async/time-limit';
import { AppError, AppErrorCode } from 'src/common/errors/app-error';
import { loggableError } from 'src/common/logging/loggable-error';
import { AppConfig } from 'src/config/app-config';
import { conversationKeyOf } from 'src/core/conversation-key';
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
import { templateLabel } from 'src/core/outbound-template';
import { OutboundMessageRepository } from 'src/replies/outbound-message.repository';
import type { ProactiveRequest, ReplyRequest } from 'src/replies/outbound-request';
import type { OutboundEnvelope, PlatformClient } from 'src/replies/platform-client';
import { PlatformClientRegistry } from 'src/replies/platform-client.registry';
import { BREAKER_OPEN_MS, OutboundSendPolicy } from 'src/replies/outbound-send-policy';
import { describeSendError } from 'src/replies/platform-send.error';
import { needsTemplate } from 'src/replies/reply-window';
import { SendOrder } from 'src/replies/send-order';

export type { OutboundStatusUpdate } from 'src/replies/outbound-status-reports';

const DUE_BATCH = 200;

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
  private readonly policy: OutboundSendPolicy;
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
    this.policy = new OutboundSendPolicy({
      ...config.outbound,
      onBreaker: (platform, breaker) => this.metrics?.watchCircuit(platform, () => breaker.state),
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
      template: null,
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
        template: null,
        delivery: { channel: 'webhook_answer' },
      },
      OutboundStatus.Sent,
    );
    this.metrics?.outboundSend(request.platform, OutboundStatus.Sent);
    return id;
  }

  /**
   * `POST /messages/proactive`: stored, then sent in the background; resolves to its id. Free text
   * the platform's window would refuse is refused here, before anything is stored.
   */
  async queueProactive(request: ProactiveRequest): Promise<number> {
    const { platform, recipient, conversationId } = request;
    const template = request.template ?? null;
    const client = this.clients.find(platform);
    if (!client?.isProactiveSupported) {
      throw new AppError(
        AppErrorCode.PlatformUnsupported,
        `${platform} does not accept proactive messages through this gateway`,
      );
    }
    if (template && !client.isTemplateSupported) {
      throw new AppError(
        AppErrorCode.PlatformUnsupported,
        `${platform} takes no templates: send text`,
      );
    }
    if (await this.needsTemplate(client, { platform, recipient, conversationId, template })) {
      throw new AppError(
        AppErrorCode.TemplateRequired,
        `free text refused: the recipient has not written in the last ${hoursOf(client)} ` +
          `hours, so ${platform} needs a template`,
      );
    }
    return this.queue({
      messageId: null,
      kind: OutboundKind.Proactive,
      platform,
      conversationId,
      recipient,
      // Validation lets through exactly one of text and template.
      text: template ? templateLabel(template) : (request.text ?? ''),
      template,
      delivery: null,
    });
  }

  /**
   * An admin's retry: a row in `from` goes back to `queued` with no attempts counted and is sent
   * again like a new one; `false` when it is no longer in `from`.
   */
  async requeue(id: number, from: OutboundStatus): Promise<boolean> {
    const pickUpAfter = new Date(Date.now() + this.config.pipeline.leaseMs);
    if (!(await this.repository.resetForRetry(id, from, pickUpAfter))) {
      return false;
    }
    this.sendInBackground(id);
    return true;
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
    if (await this.needsTemplate(client, row)) {
      await this.repository.markNeedsTemplate(
        id,
        'outside the platform window for free-form messages: send a template',
      );
      this.metrics?.outboundSend(row.platform, OutboundStatus.NeedsTemplate);
      this.logger.warn({ outboundId: id, platform: row.platform }, 'outbound needs a template');
      return;
    }
    try {
      const receipt = await this.policy.forPlatform(row.platform).execute(async () => {
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
          await this.repository.recordError(id, describeSendError(error));
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
      await this.repository.markFailed(id, describeSendError(error));
      this.metrics?.outboundSend(row.platform, OutboundStatus.Failed);
      this.logger.warn(
        { outboundId: id, platform: row.platform, ...loggableError(error) },
        'outbound failed',
      );
    } finally {
      this.limiter.prune();
    }
  }

  private async needsTemplate(
    client: PlatformClient,
    message: Pick<OutboundMessage, 'platform' | 'recipient' | 'conversationId' | 'template'>,
  ): Promise<boolean> {
    const windowMs = client.replyWindowMs;
    const lastInboundAt =
      windowMs === undefined
        ? null
        : await this.repository.findLastInboundAt(
            message.platform,
            message.conversationId ?? message.recipient,
          );
    return needsTemplate(message.template !== null, { windowMs, lastInboundAt, now: new Date() });
  }
}

function envelopeOf(row: OutboundMessage): OutboundEnvelope {
  const { id, kind, recipient, conversationId, text, template, delivery } = row;
  return { id, kind, recipient, conversationId, text, template, delivery };
}

function hoursOf(client: PlatformClient): number {
  return Math.round((client.replyWindowMs ?? 0) / 3_600_000);
}
