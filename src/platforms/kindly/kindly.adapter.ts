import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { MessageAnalysis } from 'src/core/message-analysis';
import { isValidHmacSha256 } from 'src/common/security/hmac';
import { hasLoneSurrogate, toWellFormedJson } from 'src/common/text/unicode';
import { MAX_TEXT_BYTES } from 'src/common/validation/storable-text.decorator';
import { AppConfig } from 'src/config/app-config';
import {
  type Attachment,
  Handling,
  type HistoryLine,
  type InboundMessage,
  Platform,
} from 'src/core/inbound-message';
import type { IngestResult } from 'src/messages/ingest-result';
import { MessageStatus } from 'src/core/message-status';
import {
  type KindlyTriageContext,
  TriageStatus,
} from 'src/platforms/kindly/kindly-context.response';
import { MAX_URL_LENGTH, type KindlyWebhookDto } from 'src/platforms/kindly/kindly.dto';
import type { KindlyWebhookResponse } from 'src/platforms/kindly/kindly.response';
import type { PlatformAdapter } from 'src/platforms/platform-adapter';

export const KINDLY_HMAC_ALGORITHM = 'HMAC-SHA-256 (base64 encoded)';
// Older transcripts are cut to their latest lines; agents see at most 50 anyway.
export const MAX_TRANSCRIPT_LINES = 200;
const BOT_SENDER = 'bot';
// The range `datetime` columns hold on every backend.
const EARLIEST_MS = Date.UTC(1970, 0, 1);
const LATEST_MS = Date.UTC(9999, 11, 31);

/** History read from a Chat Transcript API answer. */
export interface KindlyTranscript {
  history: HistoryLine[];
  /** When Kindly says the webhook's own message was written, when it was recognised. */
  triggerSentAt: Date | null;
}

interface TranscriptEntry {
  created: Date | null;
  content: string;
  isFromBot: boolean;
}

// Kindly's dialogue webhook (`POST /webhooks/kindly`): a synchronous request inside the user's
// turn, answered with `{reply, new_context}`. Kindly has no API to write into a chat later.
@Injectable()
export class KindlyAdapter implements PlatformAdapter<KindlyWebhookDto>, OnModuleInit {
  readonly platform = Platform.Kindly;
  private readonly logger = new Logger(KindlyAdapter.name);

  constructor(private readonly config: AppConfig) {}

  onModuleInit(): void {
    if (!this.config.kindly.webhookSecret) {
      this.logger.warn(
        this.config.security.isUnsignedWebhooksAllowed
          ? 'KINDLY_WEBHOOK_SECRET is not set: POST /webhooks/kindly accepts unsigned requests'
          : 'KINDLY_WEBHOOK_SECRET is not set and unsigned webhooks are not allowed: POST /webhooks/kindly refuses every request',
      );
    }
  }

  // `Kindly-HMAC` is base64(HMAC-SHA256(raw body)); Kindly changes `Kindly-HMAC-algorithm` if it
  // ever changes the algorithm, so any other value is refused rather than guessed at.
  verifySignature(rawBody: Buffer | undefined, headers: IncomingHttpHeaders): boolean {
    const secret = this.config.kindly.webhookSecret;
    if (!secret) {
      return this.config.security.isUnsignedWebhooksAllowed;
    }
    const algorithm = headers['kindly-hmac-algorithm'];
    const signature = headers['kindly-hmac'];
    if (algorithm !== KINDLY_HMAC_ALGORITHM || typeof signature !== 'string') {
      return false;
    }
    return isValidHmacSha256(secret, rawBody, signature, 'base64');
  }

  toMessages(payload: KindlyWebhookDto, receivedAt: Date): InboundMessage[] {
    const senderId = payload.user_id ?? payload.chat_id;
    return [
      {
        platform: this.platform,
        externalId: deliveryId(payload),
        // Sessions are keyed on the chat: `user_id` is whatever the chat client chose.
        conversationId: payload.chat_id,
        conversationName: null,
        sender: { id: senderId, name: null, phone: null },
        eventType: 'message',
        text: payload.message ?? '',
        attachments: (payload.attachments ?? []).flatMap(toAttachment),
        history: [],
        sentAt: receivedAt,
        receivedAt,
        raw: toWellFormedJson(payload) as object,
        // Kindly reads the reply from this webhook's own answer and has no push API.
        replyTo: null,
        handling: Handling.Route,
      },
    ];
  }

  /** The Chat Transcript API URL the payload points at (`_links.chat`, or the legacy name). */
  transcriptUrlOf(payload: KindlyWebhookDto): string | null {
    return payload._links?.chat ?? payload.chatlog_api_url ?? null;
  }

  /**
   * Reads a Chat Transcript API answer (`{chat: {messages: [...]}}`) as history lines for
   * `message`; `null` when it is not a transcript of this chat.
   */
  toTranscript(body: unknown, message: InboundMessage): KindlyTranscript | null {
    const chat = isRecord(body) ? body.chat : undefined;
    if (!isRecord(chat) || !Array.isArray(chat.messages)) {
      return null;
    }
    // A transcript of another chat must never become this chat's history.
    const chatId = typeof chat.id === 'number' ? String(chat.id) : chat.id;
    if (chatId !== undefined && chatId !== null && chatId !== message.conversationId) {
      return null;
    }
    const entries = chat.messages.flatMap(toTranscriptEntry).slice(-MAX_TRANSCRIPT_LINES);
    // The webhook's own message is normally the transcript's latest user message: it is stored
    // as the message itself, not again as history.
    const lastUserIndex = entries.findLastIndex((entry) => !entry.isFromBot);
    const trigger =
      lastUserIndex >= 0 && entries[lastUserIndex].content === message.text
        ? entries[lastUserIndex]
        : null;
    return {
      history: entries
        .filter((entry) => entry !== trigger)
        .map((entry) => ({
          // User lines carry the same sender as the webhook's own message, so the line stored
          // for this message and the same line in the next webhook's transcript are one row.
          sender: entry.isFromBot ? BOT_SENDER : message.sender.id,
          content: entry.content,
          sentAt: entry.created,
          type: 'text',
        })),
      triggerSentAt: trigger?.created ?? null,
    };
  }

  /** `message` with the history a transcript gave it. */
  withTranscript(message: InboundMessage, transcript: KindlyTranscript): InboundMessage {
    return {
      ...message,
      history: transcript.history,
      sentAt: transcript.triggerSentAt ?? message.sentAt,
    };
  }

  toResponse(result: IngestResult, reply: string | null): KindlyWebhookResponse {
    return {
      ...(reply === null ? {} : { reply }),
      new_context: triageContext(result),
    };
  }
}

function triageContext(result: IngestResult): KindlyTriageContext {
  const analysis: MessageAnalysis | null = result.analysis;
  const status =
    analysis !== null
      ? TriageStatus.Complete
      : result.status === MessageStatus.Failed || result.status === MessageStatus.Dead
        ? TriageStatus.Failed
        : TriageStatus.Pending;
  return {
    triage_status: status,
    triage_message_id: result.databaseId,
    urgency_score: analysis?.urgencyScore ?? null,
    category: analysis?.category ?? null,
    priority_level: analysis?.priorityLevel ?? null,
    sentiment: analysis?.sentiment ?? null,
    action_required: analysis?.isActionRequired ?? null,
  };
}

// Kindly sends no message id. The id is a digest of everything we read from the delivery, keys
// sorted: an exact redelivery (even re-serialised) maps to the same id, while the next turn of
// the same chat differs in its text, dialogue or context memory. The raw bytes would miss a
// re-serialised redelivery; chat, dialogue and text alone would merge two turns that differ only
// in context. A user repeating themselves word for word in the same dialogue with an unchanged
// context is indistinguishable from a redelivery, and gets the first answer again.
function deliveryId(payload: KindlyWebhookDto): string {
  const digest = createHash('sha256').update(canonicalJson(payload)).digest('hex');
  return `sha256:${digest}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (isRecord(value)) {
    const entries = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

// The attachment item shape is not documented: read the common names and keep what is usable.
function toAttachment(item: unknown): Attachment[] {
  const record: Record<string, unknown> = isRecord(item)
    ? item
    : typeof item === 'string'
      ? { url: item }
      : {};
  const url = firstString(record, ['url', 'file_url', 'storage_path', 'link']);
  const mimeType = firstString(record, ['content_type', 'mime_type', 'mimetype', 'type']);
  const caption = firstString(record, ['name', 'file_name', 'filename', 'title']);
  if (url === undefined && mimeType === undefined && caption === undefined) {
    return [];
  }
  return [
    {
      type: attachmentType(mimeType),
      ...(url === undefined || url.length > MAX_URL_LENGTH ? {} : { url }),
      ...(mimeType?.includes('/') ? { mimeType: mimeType.slice(0, 255) } : {}),
      ...(caption === undefined ? {} : { caption: caption.slice(0, 255) }),
    },
  ];
}

function attachmentType(mimeType: string | undefined): string {
  const major = mimeType?.toLowerCase().split('/')[0];
  return major === 'image' || major === 'video' || major === 'audio' ? major : 'file';
}

function firstString(record: Record<string, unknown>, keys: string[]): string | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '' && !hasLoneSurrogate(value)) {
      return value;
    }
  }
  return undefined;
}

// Lines that could not be stored (no text, oversized, broken Unicode) are left out.
function toTranscriptEntry(item: unknown): TranscriptEntry[] {
  if (!isRecord(item) || typeof item.message !== 'string') {
    return [];
  }
  const content = item.message;
  if (
    content.trim() === '' ||
    hasLoneSurrogate(content) ||
    Buffer.byteLength(content, 'utf8') > MAX_TEXT_BYTES
  ) {
    return [];
  }
  const createdMs = typeof item.created === 'string' ? Date.parse(item.created) : Number.NaN;
  return [
    {
      created: createdMs >= EARLIEST_MS && createdMs <= LATEST_MS ? new Date(createdMs) : null,
      content,
      isFromBot: item.from_bot === true,
    },
  ];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
