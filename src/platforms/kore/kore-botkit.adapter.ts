import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { hasAllowedOrigin } from 'src/common/security/allowed-origin';
import { hasLoneSurrogate, toWellFormedJson } from 'src/common/text/unicode';
import { AppConfig } from 'src/config/app-config';
import {
  type DeliveryDetails,
  Handling,
  type InboundMessage,
  Platform,
} from 'src/core/inbound-message';
import type { PlatformAdapter } from 'src/platforms/platform-adapter';
import { KoreBotkitEvent } from 'src/platforms/kore/kore-botkit-event';
import type { KoreBotkitPayloadDto } from 'src/platforms/kore/kore-botkit.dto';
import { isValidKoreToken } from 'src/platforms/kore/kore-jwt';

/** One BotKit call: the route's bot, component and event, and what Kore posted. */
export interface KoreBotkitDelivery {
  botId: string;
  componentId: string;
  eventName: KoreBotkitEvent;
  payload: KoreBotkitPayloadDto;
}

/** The BotKit payload as Kore sent it, which BotKit hands back to Kore's send URLs. */
export type KoreBotkitPayload = Record<string, string | number | boolean | object | null>;

// The sender of what Kore's bot says, in stored history.
export const KORE_BOT_SENDER = 'bot';
const MAX_ID_LENGTH = 191;
const MAX_NAME_CHARACTERS = 255;

// Only these events are messages; the others (dialog webhooks, alerts, variable updates, dialog
// ends) are acknowledged and not stored.
const HANDLING: Partial<Record<KoreBotkitEvent, Handling>> = {
  // Kore's bot answers the user; only critical messages go to an agent.
  [KoreBotkitEvent.OnUserMessage]: Handling.BotFirst,
  // What the bot said: history for the agents.
  [KoreBotkitEvent.OnBotMessage]: Handling.RecordOnly,
  // The bot asked for a human.
  [KoreBotkitEvent.OnAgentTransfer]: Handling.HumanHandover,
};

// BotKit's JWT is checked with `jose`, which is asynchronous, while
// `PlatformAdapter.verifySignature` is synchronous: hence not a `PlatformAdapter` of its own.
@Injectable()
export class KoreBotkitAdapter
  implements Pick<PlatformAdapter<KoreBotkitDelivery>, 'platform' | 'toMessages'>, OnModuleInit
{
  readonly platform = Platform.Kore;
  private readonly logger = new Logger(KoreBotkitAdapter.name);

  constructor(private readonly config: AppConfig) {}

  onModuleInit(): void {
    const { clientId, clientSecret } = this.config.kore;
    if (!clientId || !clientSecret) {
      this.logger.warn(
        this.config.security.isUnsignedWebhooksAllowed
          ? 'KORE_CLIENT_ID or KORE_CLIENT_SECRET is not set: the BotKit routes accept unauthenticated requests and replies to BotKit cannot be signed'
          : 'KORE_CLIENT_ID or KORE_CLIENT_SECRET is not set and unsigned webhooks are not allowed: the BotKit routes refuse every request',
      );
    }
  }

  // Kore's `token` header: a JWT signed with the app's client secret whose `appId` is the client
  // id. BotKit signs no body.
  async verifySignature(
    _rawBody: Buffer | undefined,
    headers: IncomingHttpHeaders,
  ): Promise<boolean> {
    const { clientId, clientSecret } = this.config.kore;
    if (!clientId || !clientSecret) {
      return this.config.security.isUnsignedWebhooksAllowed;
    }
    const { token } = headers;
    return typeof token === 'string' && isValidKoreToken(token, { clientId, clientSecret });
  }

  toMessages(delivery: KoreBotkitDelivery, receivedAt: Date): InboundMessage[] {
    const handling = HANDLING[delivery.eventName];
    if (handling === undefined) {
      return [];
    }
    const { payload } = delivery;
    const forwarded = this.toBotkitPayload(delivery);
    const userId = userIdOf(payload);
    const text = payload.message ?? '';
    // Kore's user id is the same in user and bot messages: one conversation per user.
    const conversationId = userId ?? boundedId(`request:${requestKeyOf(delivery, forwarded)}`);
    const isFromBot = delivery.eventName === KoreBotkitEvent.OnBotMessage;
    return [
      {
        platform: this.platform,
        externalId: externalIdOf(delivery, forwarded, text),
        conversationId,
        conversationName: null,
        sender: isFromBot
          ? { id: KORE_BOT_SENDER, name: null, phone: null }
          : { id: conversationId, name: userNameOf(payload), phone: null },
        eventType: delivery.eventName,
        text,
        attachments: [],
        history: [],
        sentAt: receivedAt,
        receivedAt,
        raw: toWellFormedJson(payload) as object,
        replyTo: { recipient: conversationId, delivery: this.deliveryOf(delivery, forwarded) },
        handling,
      },
    ];
  }

  /**
   * What BotKit answers Kore: the payload it received, unchanged (what BotKit's own handlers
   * return when they change nothing; Kore reads the context back from `on_webhook` answers).
   */
  toAnswer(delivery: KoreBotkitDelivery): KoreBotkitPayload {
    return this.toBotkitPayload(delivery);
  }

  /** Whether the gateway, standing in for BotKit, must pass this event's message to the user. */
  isForwardedToUser(eventName: KoreBotkitEvent): boolean {
    // With BotKit on, Kore shows a bot message to the user only once BotKit sends it back.
    return eventName === KoreBotkitEvent.OnBotMessage;
  }

  // BotKit's `toJSON()`: the fields Kore sent, with the bot and component of the route.
  private toBotkitPayload(delivery: KoreBotkitDelivery): KoreBotkitPayload {
    const fields = Object.entries(delivery.payload).filter(
      (entry): entry is [string, string | number | boolean | object | null] =>
        entry[1] !== undefined,
    );
    return toWellFormedJson({
      ...Object.fromEntries(fields),
      botId: delivery.botId,
      componentId: delivery.componentId,
    }) as KoreBotkitPayload;
  }

  // Only URLs on KORE_API_HOST's origin are kept: the client never requests any other, and a
  // send without its URL fails visibly instead.
  private deliveryOf(delivery: KoreBotkitDelivery, forwarded: KoreBotkitPayload): DeliveryDetails {
    const allowed = [this.config.kore.apiHost];
    const details: DeliveryDetails = { payload: forwarded };
    for (const key of ['sendUserMessageUrl', 'sendBotMessageUrl'] as const) {
      const url = delivery.payload[key];
      if (url === undefined) {
        continue;
      }
      if (hasAllowedOrigin(url, allowed)) {
        details[key] = url;
      } else {
        this.logger.warn(
          { event: delivery.eventName, field: key },
          'BotKit URL is not on the KORE_API_HOST origin: it will not be called',
        );
      }
    }
    return details;
  }
}

// Context first: `session.UserContext._id` is Kore's user id on every channel; `channel.from`
// is the same id on the web/RTM channel and the channel's own user id elsewhere.
function userIdOf(payload: KoreBotkitPayloadDto): string | null {
  const session = recordAt(payload.context, 'session');
  const userContext = recordAt(session, 'UserContext');
  const candidates = [userContext?._id, payload.channel?.from];
  const id = candidates.find(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  );
  return id === undefined ? null : boundedId(id.trim());
}

function userNameOf(payload: KoreBotkitPayloadDto): string | null {
  const userContext = recordAt(recordAt(payload.context, 'session'), 'UserContext');
  const parts = [userContext?.firstName, userContext?.lastName].filter(
    (part): part is string => typeof part === 'string' && part.trim() !== '',
  );
  const name = parts.join(' ').trim();
  if (name === '' || hasLoneSurrogate(name)) {
    return null;
  }
  return Array.from(name).slice(0, MAX_NAME_CHARACTERS).join('');
}

// Kore's `requestId`, or (rarely, without one) a digest of the payload.
function requestKeyOf(delivery: KoreBotkitDelivery, forwarded: KoreBotkitPayload): string {
  return (
    delivery.payload.requestId ??
    `sha256:${createHash('sha256').update(JSON.stringify(forwarded)).digest('hex')}`
  );
}

// One request can carry a user message and the bot's answers to it, so the event is part of
// the id, and each bot message is told apart by its text.
function externalIdOf(
  delivery: KoreBotkitDelivery,
  forwarded: KoreBotkitPayload,
  text: string,
): string {
  const request = requestKeyOf(delivery, forwarded);
  const id =
    delivery.eventName === KoreBotkitEvent.OnBotMessage
      ? `botkit:${delivery.eventName}:${request}:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`
      : `botkit:${delivery.eventName}:${request}`;
  return boundedId(id);
}

function recordAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const inner = (value as Record<string, unknown>)[key];
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner)
    ? (inner as Record<string, unknown>)
    : undefined;
}

// Ids are stored in 191-character columns and must be valid UTF-8: anything else is replaced by
// its digest.
function boundedId(id: string): string {
  return id.length <= MAX_ID_LENGTH && !hasLoneSurrogate(id)
    ? id
    : `sha256:${createHash('sha256').update(id).digest('hex')}`;
}
