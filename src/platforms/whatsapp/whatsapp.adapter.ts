import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { constantTimeEqual } from 'src/common/security/constant-time-equal';
import { isValidHmacSha256 } from 'src/common/security/hmac';
import { normalizePhone } from 'src/common/text/phone';
import { AppConfig } from 'src/config/app-config';
import { type Attachment, Handling, type InboundMessage, Platform } from 'src/core/inbound-message';
import type { PlatformAdapter } from 'src/platforms/platform-adapter';
import type {
  WhatsappMediaDto,
  WhatsappMessageDto,
} from 'src/platforms/whatsapp/whatsapp-message.dto';
import type {
  WhatsappContactDto,
  WhatsappStatusDto,
  WhatsappValueDto,
  WhatsappWebhookDto,
} from 'src/platforms/whatsapp/whatsapp.dto';
import { OutboundStatus } from 'src/core/outbound-status';
import type { OutboundStatusUpdate } from 'src/replies/outbound.service';

/** A WhatsApp attachment also carries the platform's id (a media id, or the option picked). */
export type WhatsappAttachment = Attachment & { id?: string };

const SIGNATURE_HEADER = 'x-hub-signature-256';
const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker']);
const MAX_EVENT_TYPE_LENGTH = 32;
const UNIX_SECONDS = /^\d{1,11}$/;
const DIGITS = /^\d{1,30}$/;
const STATUSES = new Map<string, OutboundStatusUpdate['status']>([
  ['sent', OutboundStatus.Sent],
  ['delivered', OutboundStatus.Delivered],
  ['read', OutboundStatus.Read],
  ['failed', OutboundStatus.Failed],
]);
const MAX_ERROR_TITLE_LENGTH = 200;

interface Content {
  eventType: string;
  text: string;
  attachments: WhatsappAttachment[];
}

// Meta's WhatsApp Business Cloud API webhook (`/webhooks/whatsapp`).
@Injectable()
export class WhatsappAdapter implements PlatformAdapter<WhatsappWebhookDto>, OnModuleInit {
  readonly platform = Platform.WhatsApp;
  private readonly logger = new Logger(WhatsappAdapter.name);

  constructor(private readonly config: AppConfig) {}

  onModuleInit(): void {
    if (!this.config.whatsapp.appSecret) {
      this.logger.warn(
        this.config.security.isUnsignedWebhooksAllowed
          ? 'WHATSAPP_APP_SECRET is not set: POST /webhooks/whatsapp accepts unsigned requests'
          : 'WHATSAPP_APP_SECRET is not set and unsigned webhooks are not allowed: POST /webhooks/whatsapp refuses every request',
      );
    }
    if (!this.config.whatsapp.verifyToken) {
      this.logger.warn(
        'WHATSAPP_VERIFY_TOKEN is not set: GET /webhooks/whatsapp refuses every verification',
      );
    }
  }

  /** The challenge to echo for Meta's verification handshake, or `null` to refuse it. */
  challengeFor(mode: unknown, token: unknown, challenge: unknown): string | null {
    const expected = this.config.whatsapp.verifyToken;
    if (!expected || typeof token !== 'string') {
      return null;
    }
    // Compared whatever the mode, so the answer time says nothing about which check failed.
    const isTokenValid = constantTimeEqual(token, expected);
    const isChallengeValid = typeof challenge === 'string' && challenge.length > 0;
    return mode === 'subscribe' && isTokenValid && isChallengeValid ? challenge : null;
  }

  verifySignature(rawBody: Buffer | undefined, headers: IncomingHttpHeaders): boolean {
    const secret = this.config.whatsapp.appSecret;
    if (!secret) {
      return this.config.security.isUnsignedWebhooksAllowed;
    }
    const header = headers[SIGNATURE_HEADER];
    if (typeof header !== 'string') {
      return false;
    }
    const match = /^sha256=([0-9a-fA-F]+)$/.exec(header.trim());
    return match !== null && isValidHmacSha256(secret, rawBody, match[1].toLowerCase(), 'hex');
  }

  toMessages(payload: WhatsappWebhookDto, receivedAt: Date): InboundMessage[] {
    return valuesOf(payload).flatMap((value) =>
      (value.messages ?? []).map((message) => this.toMessage(value, message, receivedAt)),
    );
  }

  /** `statuses[]` as reports on messages we sent; statuses we do not track are left out. */
  toStatusUpdates(payload: WhatsappWebhookDto): OutboundStatusUpdate[] {
    return valuesOf(payload).flatMap((value) =>
      (value.statuses ?? []).flatMap((status) => {
        const known = STATUSES.get(status.status);
        return known
          ? [
              {
                platform: this.platform,
                externalId: status.id,
                status: known,
                error: errorOf(status),
              },
            ]
          : [];
      }),
    );
  }

  private toMessage(
    value: WhatsappValueDto,
    message: WhatsappMessageDto,
    receivedAt: Date,
  ): InboundMessage {
    const contact = findContact(value.contacts, message.from);
    const name = contact?.profile?.name ?? null;
    const content = contentOf(message);
    return {
      platform: this.platform,
      externalId: message.id,
      conversationId: message.from,
      conversationName: name,
      sender: {
        id: message.from,
        name,
        phone: DIGITS.test(message.from) ? normalizePhone(`+${message.from}`) : null,
      },
      eventType: content.eventType,
      text: content.text,
      attachments: content.attachments,
      // The gateway adds what it stored of this conversation; Meta sends no history.
      history: [],
      sentAt: sentAtOf(message.timestamp) ?? receivedAt,
      receivedAt,
      raw: { metadata: value.metadata ?? null, contact: contact ?? null, message },
      replyTo: {
        recipient: message.from,
        delivery: {
          // Answer from the number the user wrote to: one app may serve several.
          phoneNumberId: value.metadata?.phone_number_id ?? null,
          contextMessageId: message.id,
        },
      },
      handling: Handling.Route,
    };
  }
}

// Only `messages` changes carry messages and statuses; other fields (templates, account
// updates) are acknowledged and ignored.
function valuesOf(payload: WhatsappWebhookDto): WhatsappValueDto[] {
  return payload.entry.flatMap((entry) =>
    (entry.changes ?? []).flatMap((change) =>
      change.value && (change.field === undefined || change.field === 'messages')
        ? [change.value]
        : [],
    ),
  );
}

function findContact(
  contacts: WhatsappContactDto[] | undefined,
  waId: string,
): WhatsappContactDto | undefined {
  return contacts?.find((contact) => contact.wa_id === waId);
}

function sentAtOf(timestamp: string | undefined): Date | null {
  return timestamp !== undefined && UNIX_SECONDS.test(timestamp)
    ? new Date(Number(timestamp) * 1000)
    : null;
}

function contentOf(message: WhatsappMessageDto): Content {
  const { type } = message;
  if (type === 'text') {
    return { eventType: 'message', text: message.text?.body ?? '', attachments: [] };
  }
  if (type === 'interactive') {
    const interactive = message.interactive;
    const option = interactive?.button_reply ?? interactive?.list_reply;
    if (option) {
      const kind = interactive?.button_reply ? 'button_reply' : 'list_reply';
      return {
        eventType: 'click',
        text: option.title ?? '',
        attachments: [withoutUndefined({ type: kind, id: option.id })],
      };
    }
    return {
      eventType: 'interactive',
      text: interactive?.nfm_reply?.body ?? '',
      attachments: [withoutUndefined({ type: interactive?.type ?? 'interactive' })],
    };
  }
  if (type === 'button') {
    return {
      eventType: 'click',
      text: message.button?.text ?? '',
      attachments: [withoutUndefined({ type: 'button', id: message.button?.payload })],
    };
  }
  if (MEDIA_TYPES.has(type)) {
    const media = mediaOf(message, type);
    return {
      eventType: 'media',
      text: media?.caption ?? '',
      attachments: [
        withoutUndefined({
          type,
          mimeType: media?.mime_type,
          caption: media?.caption,
          // Media come as ids only: fetching one needs the access token.
          id: media?.id,
        }),
      ],
    };
  }
  if (type === 'location') {
    const { latitude, longitude, name, address } = message.location ?? {};
    const hasPoint = latitude !== undefined && longitude !== undefined;
    const place = [name, address].filter((part) => part !== undefined && part.trim() !== '');
    const point = hasPoint ? `(${latitude}, ${longitude})` : '';
    return {
      eventType: 'location',
      text: ['Location:', place.join(', '), point].filter((part) => part !== '').join(' '),
      attachments: [
        withoutUndefined({
          type: 'location',
          url: hasPoint ? `geo:${latitude},${longitude}` : undefined,
        }),
      ],
    };
  }
  return {
    eventType: type.slice(0, MAX_EVENT_TYPE_LENGTH),
    text: bestEffortText(message),
    attachments: [],
  };
}

function mediaOf(message: WhatsappMessageDto, type: string): WhatsappMediaDto | undefined {
  switch (type) {
    case 'image':
      return message.image;
    case 'video':
      return message.video;
    case 'audio':
      return message.audio;
    case 'document':
      return message.document;
    default:
      return message.sticker;
  }
}

// Types we do not read in full still keep what a person wrote, so nothing is lost silently.
function bestEffortText(message: WhatsappMessageDto): string {
  return (
    message.reaction?.emoji ??
    message.system?.body ??
    message.order?.text ??
    message.text?.body ??
    ''
  );
}

// Code and title only: Meta's longer `message`/`details` may quote what was sent.
function errorOf(status: WhatsappStatusDto): string | null {
  const first = status.errors?.[0];
  if (!first) {
    return null;
  }
  const title = first.title?.replace(/\s+/g, ' ').trim().slice(0, MAX_ERROR_TITLE_LENGTH);
  const code = first.code === undefined ? '' : ` ${first.code}`;
  return `WhatsApp error${code}${title ? `: ${title}` : ''}`;
}

function withoutUndefined(attachment: WhatsappAttachment): WhatsappAttachment {
  return Object.fromEntries(
    Object.entries(attachment).filter(([, value]) => value !== undefined),
  ) as WhatsappAttachment;
}
