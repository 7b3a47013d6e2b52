import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { Platform } from 'src/core/inbound-message';
import { OutboundKind } from 'src/core/outbound-status';
import { forwardEvent, messageEvents } from 'src/platforms/userlike/userlike-events';
import type { OutboundEnvelope, PlatformClient, SendReceipt } from 'src/replies/platform-client';
import { PlatformClientRegistry } from 'src/replies/platform-client.registry';
import { PlatformHttpClient } from 'src/replies/platform-http.client';
import { PlatformSendError } from 'src/replies/platform-send.error';

// Userlike's API URL (the bot's self-initiated events): replies that missed the webhook's answer,
// the hand-over to a human that the answer could not carry (the same forward event, sent after
// the reply), and proactive messages to an open bot session (`recipient` = its `cid`).
@Injectable()
export class UserlikeClient implements PlatformClient, OnModuleInit {
  readonly platform = Platform.Userlike;
  readonly isProactiveSupported: boolean;
  readonly isHandoverSupported = true;
  // Userlike answers 429 beyond 20 requests per minute for one cid.
  readonly rateLimit = { limit: 20, windowMs: 60_000 };
  private readonly logger = new Logger(UserlikeClient.name);

  constructor(
    private readonly http: PlatformHttpClient,
    private readonly config: AppConfig,
    registry: PlatformClientRegistry,
  ) {
    this.isProactiveSupported = config.userlike.apiUrl !== null;
    registry.register(this);
  }

  onModuleInit(): void {
    const { apiUrl, apiToken } = this.config.userlike;
    if (!apiUrl) {
      this.logger.warn(
        'USERLIKE_API_URL is not set: Userlike replies that miss the webhook answer cannot be sent',
      );
    } else if (!apiToken) {
      this.logger.warn('USERLIKE_API_TOKEN is not set: Userlike API calls will fail');
    }
  }

  async send(envelope: OutboundEnvelope): Promise<SendReceipt> {
    const { apiUrl, apiToken } = this.config.userlike;
    if (!apiUrl) {
      throw new PlatformSendError('USERLIKE_API_URL is not set', {
        httpStatus: null,
        isRetryable: false,
      });
    }
    if (!apiToken) {
      throw new PlatformSendError('USERLIKE_API_TOKEN is not set', {
        httpStatus: null,
        isRetryable: false,
      });
    }
    // Longer texts become several message events of one request (one request against the limit).
    const events =
      envelope.kind === OutboundKind.Handover
        ? [forwardEvent(envelope.recipient, this.config.userlike.forwardGroup)]
        : messageEvents(envelope.recipient, envelope.text);
    if (events.length === 0) {
      throw new PlatformSendError('nothing to send: the message is blank', {
        httpStatus: null,
        isRetryable: false,
      });
    }
    await this.http.request({
      method: 'POST',
      url: apiUrl,
      headers: { 'SECURITY-TOKEN': apiToken },
      body: events,
    });
    // Userlike gives sent events no id.
    return { externalId: null };
  }
}
