import { Injectable } from '@nestjs/common';
import { hasAllowedOrigin } from 'src/common/security/allowed-origin';
import { AppConfig } from 'src/config/app-config';
import { type DeliveryDetails, Platform } from 'src/core/inbound-message';
import { OutboundKind } from 'src/core/outbound-status';
import type { OutboundEnvelope, PlatformClient, SendReceipt } from 'src/replies/platform-client';
import { PlatformClientRegistry } from 'src/replies/platform-client.registry';
import { PlatformHttpClient } from 'src/replies/platform-http.client';
import { PlatformSendError } from 'src/replies/platform-send.error';
import { type KoreAppCredentials, signKoreToken } from 'src/platforms/kore/kore-jwt';

// The proactive API resolves e-mail identities on a channel; seed 000's users are e-mail
// identities, and Kore documents `msteams` and `slack`.
export const KORE_NOTIFY_CHANNEL = 'msteams';

type BotkitUrlField = 'sendUserMessageUrl' | 'sendBotMessageUrl';

/**
 * Kore.ai's side of outbound messages. Every call carries the `auth` header (a JWT signed with
 * KORE_CLIENT_SECRET, `appId` = KORE_CLIENT_ID):
 * - replies to a BotKit message: its payload with `message` = the reply, to `sendUserMessageUrl`;
 * - hand-backs to Kore's bot: the payload unchanged, to `sendBotMessageUrl`;
 * - proactive messages, and replies to seed-000 events that missed the webhook's answer:
 *   `POST {KORE_API_HOST}/api/public/bot/{KORE_BOT_ID}/notify`.
 * BotKit URLs come from payloads: they are requested only on KORE_API_HOST's origin.
 */
@Injectable()
export class KoreClient implements PlatformClient {
  readonly platform = Platform.Kore;
  readonly isProactiveSupported: boolean;

  constructor(
    private readonly http: PlatformHttpClient,
    private readonly config: AppConfig,
    registry: PlatformClientRegistry,
  ) {
    const { botId, clientId, clientSecret } = config.kore;
    this.isProactiveSupported = Boolean(botId && clientId && clientSecret);
    registry.register(this);
  }

  async send(envelope: OutboundEnvelope): Promise<SendReceipt> {
    switch (envelope.kind) {
      case OutboundKind.Proactive:
        return this.notify(envelope);
      case OutboundKind.Reply:
        // Seed 000's events carry no BotKit payload: their late replies go out as notifications.
        return envelope.delivery === null
          ? this.notify(envelope)
          : this.postToBotkit(envelope, envelope.delivery, 'sendUserMessageUrl', envelope.text);
      case OutboundKind.BotPassThrough:
        return this.postToBotkit(envelope, envelope.delivery, 'sendBotMessageUrl', null);
      case OutboundKind.Handover:
        // Kore's transfer to a human is the agent routing's (`on_agent_transfer`); this client
        // does not claim `isHandoverSupported`, so no such row is queued for it.
        throw notConfigured('Kore takes no hand-over through its API');
    }
  }

  private async notify(envelope: OutboundEnvelope): Promise<SendReceipt> {
    const { botId } = this.config.kore;
    if (!botId) {
      throw notConfigured('KORE_BOT_ID is not set: the Kore notify API cannot be called');
    }
    const host = this.config.kore.apiHost.replace(/\/+$/, '');
    const response = await this.http.request({
      method: 'POST',
      url: `${host}/api/public/bot/${encodeURIComponent(botId)}/notify`,
      headers: { auth: await signKoreToken(this.credentials(), envelope.recipient) },
      body: {
        channel: KORE_NOTIFY_CHANNEL,
        userIdentityType: 'resolve',
        message: { type: 'text', val: envelope.text },
        identities: [envelope.recipient],
      },
    });
    // The answer is an asynchronous job; its `_id` is what the status API is asked about.
    const body = response.body as Record<string, unknown> | null;
    const jobId = body?._id;
    return { externalId: typeof jobId === 'string' && jobId !== '' ? jobId : null };
  }

  private async postToBotkit(
    envelope: OutboundEnvelope,
    delivery: DeliveryDetails | null,
    field: BotkitUrlField,
    text: string | null,
  ): Promise<SendReceipt> {
    const url = delivery?.[field];
    const payload = delivery?.payload;
    // The adapter kept only allowed URLs; checked again in case KORE_API_HOST changed since.
    if (typeof url !== 'string' || !hasAllowedOrigin(url, [this.config.kore.apiHost])) {
      throw notConfigured(`no BotKit ${field} on the KORE_API_HOST origin for this message`);
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      throw notConfigured('the BotKit payload of this message is missing');
    }
    await this.http.request({
      method: 'POST',
      url,
      headers: { auth: await signKoreToken(this.credentials(), envelope.recipient) },
      body: text === null ? payload : { ...payload, message: text },
    });
    return { externalId: null };
  }

  private credentials(): KoreAppCredentials {
    const { clientId, clientSecret } = this.config.kore;
    if (!clientId || !clientSecret) {
      throw notConfigured(
        'KORE_CLIENT_ID or KORE_CLIENT_SECRET is not set: Kore calls cannot be signed',
      );
    }
    return { clientId, clientSecret };
  }
}

// Retrying cannot help: the send is refused before any request is made.
function notConfigured(reason: string): PlatformSendError {
  return new PlatformSendError(`kore: ${reason}`, { httpStatus: null, isRetryable: false });
}
