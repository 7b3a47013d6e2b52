import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { PriorityLevel } from 'src/analysis/message-analysis';
import { constantTimeEqual } from 'src/common/security/constant-time-equal';
import { normalizePhone } from 'src/common/text/phone';
import { toWellFormedJson } from 'src/common/text/unicode';
import { AppConfig } from 'src/config/app-config';
import {
  type Attachment,
  Handling,
  type InboundMessage,
  Platform,
} from 'src/messages/inbound-message';
import type { IngestOptions, IngestResult } from 'src/messages/ingest-result';
import type { PlatformAdapter } from 'src/platforms/platform-adapter';
import {
  type UserlikeClickPayloadDto,
  UserlikeEventName,
  type UserlikeLocationPayloadDto,
  type UserlikeMediaPayloadDto,
  type UserlikeMessagePayloadDto,
  type UserlikePacketDto,
  type UserlikeWebhookDto,
} from 'src/platforms/userlike/userlike.dto';
import {
  canonicalJson,
  contextWithTriage,
  event,
  messageEvents,
  type UserlikeTriage,
} from 'src/platforms/userlike/userlike-events';
import type { UserlikeEvent } from 'src/platforms/userlike/userlike.response';
import {
  connectingText,
  FORWARD_FAILED_TEXT,
  HOLDING_TEXT,
  receivedText,
} from 'src/platforms/userlike/userlike-texts';

const MAX_ID_LENGTH = 191;
const MAX_NAME_LENGTH = 255;
const MAX_URL_LENGTH = 2048;
// Labels and captions: well under the 64 KB a text column holds.
const MAX_LABEL_LENGTH = 5000;
const MEDIA_KINDS = new Set(['image', 'video', 'audio']);

interface Content {
  text: string;
  attachments: Attachment[];
  handling: Handling;
}

// Userlike Chatbot API (seed 002): every chat event of a bot session, answered with a list of
// triggerable events. Only `info.cid`, `packet.name`, `payload.body` and `payload.value.id` are
// confirmed by Userlike's docs; other fields are read when usable and never make a call fail.
@Injectable()
export class UserlikeAdapter implements PlatformAdapter<UserlikeWebhookDto>, OnModuleInit {
  readonly platform = Platform.Userlike;
  private readonly logger = new Logger(UserlikeAdapter.name);

  constructor(private readonly config: AppConfig) {}

  onModuleInit(): void {
    if (!this.config.userlike.webhookToken) {
      this.logger.warn(
        this.config.security.isUnsignedWebhooksAllowed
          ? 'USERLIKE_WEBHOOK_TOKEN is not set: POST /webhooks/userlike accepts unauthenticated requests'
          : 'USERLIKE_WEBHOOK_TOKEN is not set and unsigned webhooks are not allowed: POST /webhooks/userlike refuses every request',
      );
    }
  }

  // Userlike signs nothing: it sends the header configured under "Webhook headers" in its dashboard.
  verifySignature(_rawBody: Buffer | undefined, headers: IncomingHttpHeaders): boolean {
    const token = this.config.userlike.webhookToken;
    if (!token) {
      return this.config.security.isUnsignedWebhooksAllowed;
    }
    // Node lower-cases incoming header names.
    const given = headers[this.config.userlike.webhookHeader.toLowerCase()];
    return typeof given === 'string' && constantTimeEqual(given, token);
  }

  // Short enough for Userlike to wait for; a later agent reply goes out through the API URL.
  get ingestOptions(): IngestOptions {
    return { answerWithinMs: this.config.userlike.answerTimeoutMs, isReplyInAnswer: true };
  }

  toMessages(payload: UserlikeWebhookDto, receivedAt: Date): InboundMessage[] {
    const { info, packet } = payload;
    const contact = info.contact ?? {};
    const content = contentOf(packet);
    return [
      {
        platform: this.platform,
        externalId: deliveryId(payload),
        conversationId: info.cid,
        conversationName: null,
        sender: {
          id: readId(contact.id) ?? readEmail(contact.email) ?? info.cid,
          name: readText(contact.name, MAX_NAME_LENGTH),
          phone: readPhone(contact.mobile_number),
        },
        eventType: packet.name,
        text: content.text,
        attachments: content.attachments,
        history: [],
        // Userlike sends no time of its own.
        sentAt: receivedAt,
        receivedAt,
        raw: toWellFormedJson(payload) as object,
        replyTo: { recipient: info.cid, delivery: null },
        handling: content.handling,
      },
    ];
  }

  /** The events answering a webhook call, each carrying the context extended with the triage. */
  toEvents(payload: UserlikeWebhookDto, result: IngestResult): UserlikeEvent[] {
    const { cid } = payload.info;
    const context = contextWithTriage(payload.info.context, triageOf(result));
    switch (payload.packet.name) {
      case UserlikeEventName.Start: {
        const welcome = messageEvents(cid, this.config.userlike.welcomeMessage, context);
        return contentOf(payload.packet).handling === Handling.RecordOnly
          ? welcome
          : [...welcome, ...this.answerEvents(cid, result, context)];
      }
      case UserlikeEventName.Message:
      case UserlikeEventName.Click:
      case UserlikeEventName.Media:
      case UserlikeEventName.Location:
        return this.answerEvents(cid, result, context);
      case UserlikeEventName.ForwardFailed:
        return messageEvents(cid, FORWARD_FAILED_TEXT, context);
      case UserlikeEventName.CampaignUnsubscribe:
        // Userlike has already confirmed the unsubscription to the contact.
        return [];
    }
  }

  private answerEvents(
    cid: string,
    result: IngestResult,
    context: Record<string, unknown>,
  ): UserlikeEvent[] {
    const { analysis, routing, reply } = result;
    if (!analysis) {
      // Still processing: the agent's reply will follow through the API URL.
      return messageEvents(cid, HOLDING_TEXT, context);
    }
    const replies = reply === null ? [] : messageEvents(cid, reply, context);
    if (analysis.priorityLevel === PriorityLevel.Critical || routing?.isHumanHandover === true) {
      return [
        ...replies,
        ...messageEvents(cid, connectingText(analysis.language), context),
        this.forwardEvent(cid, context),
      ];
    }
    return replies.length > 0
      ? replies
      : messageEvents(cid, receivedText(analysis.language), context);
  }

  // `on_failure: "feedback"`: without it a failed forward silently ends the bot's session; with it
  // Userlike sends `forward_failed` and the bot can apologise.
  private forwardEvent(cid: string, context: Record<string, unknown>): UserlikeEvent {
    const group = this.config.userlike.forwardGroup;
    if (group === null) {
      return event(cid, 'forward_any', { on_failure: 'feedback' }, context);
    }
    // Userlike's group ids are numbers; the payload field's name is not confirmed by its docs.
    const groupId =
      /^\d+$/.test(group) && Number.isSafeInteger(Number(group)) ? Number(group) : group;
    return event(cid, 'forward_group', { group_id: groupId, on_failure: 'feedback' }, context);
  }
}

/**
 * Userlike sends no message id or time. A delivery is identified by its session, event, payload
 * and context: a repeat of the same call is the same delivery, while two equal texts in one
 * session differ in their context, because every answer sets a context carrying the id of the
 * message it answered (`triage.message_id`) and Userlike echoes the last one in its next call.
 * Two equal events with no answer in between (e.g. two unsubscribes) count as one.
 */
export function deliveryId(payload: UserlikeWebhookDto): string {
  const identity = canonicalJson([
    payload.info.cid,
    payload.packet.name,
    payload.packet.payload ?? null,
    payload.info.context ?? null,
  ]);
  return `sha256:${createHash('sha256').update(identity).digest('hex')}`;
}

function triageOf(result: IngestResult): UserlikeTriage {
  const { analysis } = result;
  return {
    urgency_score: analysis?.urgencyScore ?? null,
    category: analysis?.category ?? null,
    priority_level: analysis?.priorityLevel ?? null,
    sentiment: analysis?.sentiment ?? null,
    message_id: result.databaseId,
  };
}

function contentOf(packet: UserlikePacketDto): Content {
  switch (packet.name) {
    case UserlikeEventName.Start: {
      // On messaging channels the start may already carry the first message or an upload.
      const payload = packet.payload as UserlikeMediaPayloadDto | undefined;
      if (hasUpload(payload)) {
        return mediaOf(payload);
      }
      const body = payload?.body;
      return body !== undefined && body.trim() !== '' ? routed(body) : recorded();
    }
    case UserlikeEventName.Message:
      return routed((packet.payload as UserlikeMessagePayloadDto).body);
    case UserlikeEventName.Click: {
      // The label is what the contact saw and chose; the id is ours.
      const { value } = packet.payload as UserlikeClickPayloadDto;
      return routed(readText(value.label, MAX_LABEL_LENGTH) ?? value.id);
    }
    case UserlikeEventName.Media:
      return mediaOf(packet.payload as UserlikeMediaPayloadDto | undefined);
    case UserlikeEventName.Location:
      return locationOf(packet.payload as UserlikeLocationPayloadDto | undefined);
    case UserlikeEventName.ForwardFailed:
    case UserlikeEventName.CampaignUnsubscribe:
      return recorded();
  }
}

function routed(text: string, attachments: Attachment[] = []): Content {
  return { text, attachments, handling: Handling.Route };
}

// Kept as conversation history only: nothing the contact wrote to analyse or route.
function recorded(): Content {
  return { text: '', attachments: [], handling: Handling.RecordOnly };
}

function hasUpload(payload: UserlikeMediaPayloadDto | undefined): boolean {
  return (
    payload !== undefined &&
    [payload.url, payload.link, payload.name, payload.file_name, payload.mime_type].some(
      (value) => value !== undefined && value !== null,
    )
  );
}

function mediaOf(payload: UserlikeMediaPayloadDto | undefined): Content {
  const url = readUrl(payload?.url) ?? readUrl(payload?.link);
  const name =
    readText(payload?.name, MAX_NAME_LENGTH) ?? readText(payload?.file_name, MAX_NAME_LENGTH);
  const mimeType = readMimeType(payload?.mime_type) ?? readMimeType(payload?.content_type);
  const caption =
    readText(payload?.caption, MAX_LABEL_LENGTH) ??
    (payload?.body !== undefined && payload.body.trim() !== '' ? payload.body : null);
  const major = mimeType?.split('/')[0] ?? '';
  const kind = MEDIA_KINDS.has(major) ? major : 'file';
  const attachment: Attachment = { type: kind };
  if (url) {
    attachment.url = url;
  }
  if (mimeType) {
    attachment.mimeType = mimeType;
  }
  if (caption ?? name) {
    attachment.caption = caption ?? name ?? undefined;
  }
  return routed(caption ?? `[${kind}${name ? `: ${name}` : ''}]`, [attachment]);
}

function locationOf(payload: UserlikeLocationPayloadDto | undefined): Content {
  const latitude = readCoordinate(payload?.latitude, 90);
  const longitude = readCoordinate(payload?.longitude, 180);
  const hasPoint = latitude !== null && longitude !== null;
  const label = [
    readText(payload?.name, MAX_NAME_LENGTH),
    readText(payload?.address, MAX_NAME_LENGTH * 2),
  ]
    .filter((part): part is string => part !== null)
    .join(', ');
  const attachment: Attachment = { type: 'location' };
  if (hasPoint) {
    attachment.url = `geo:${latitude},${longitude}`;
  }
  if (label) {
    attachment.caption = label;
  }
  const where = [label, hasPoint ? `${latitude}, ${longitude}` : '']
    .filter((part) => part !== '')
    .join(', ');
  return routed(`[location${where ? `: ${where}` : ''}]`, [attachment]);
}

// Text from an unconfirmed field: one line, well-formed, bounded; `null` when not usable.
function readText(value: unknown, maxChars: number): string | null {
  if (typeof value !== 'string') {
    return null;
  }
  const text = (toWellFormedJson(value) as string).replace(/\s+/g, ' ').trim();
  if (text === '') {
    return null;
  }
  return text.length <= maxChars ? text : Array.from(text).slice(0, maxChars).join('');
}

function readId(value: unknown): string | null {
  const id = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  return typeof id === 'string' && /^\S+$/.test(id) && id.length <= MAX_ID_LENGTH ? id : null;
}

function readEmail(value: unknown): string | null {
  return typeof value === 'string' &&
    /^[^\s@]+@[^\s@]+$/.test(value) &&
    value.length <= MAX_ID_LENGTH
    ? value
    : null;
}

// E.164 numbers have at most 15 digits.
function readPhone(value: unknown): string | null {
  const phone = typeof value === 'string' ? normalizePhone(value) : null;
  return phone !== null && /^\+\d{6,15}$/.test(phone) ? phone : null;
}

function readUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) {
    return null;
  }
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? value : null;
  } catch {
    return null;
  }
}

function readMimeType(value: unknown): string | null {
  return typeof value === 'string' && /^[\w.+-]+\/[\w.+-]+$/.test(value) && value.length <= 127
    ? value.toLowerCase()
    : null;
}

function readCoordinate(value: unknown, limit: number): number | null {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && Math.abs(number) <= limit
    ? number
    : null;
}
