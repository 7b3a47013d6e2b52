import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createPool, type Pool } from 'mysql2/promise';

// What both ingest references share with the gateway: the X-Hub-Signature-256 check on the raw
// bytes, and the rows one WhatsApp text message becomes in `webhook_messages` and
// `message_history` (same columns, same values as the gateway stores).

export interface StoreReferenceOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  poolSize: number;
  whatsappAppSecret: string;
}

interface WhatsappMessage {
  from: string;
  id: string;
  timestamp?: string;
  type: string;
  text?: { body?: string };
}

interface WhatsappValue {
  metadata?: { phone_number_id?: string };
  contacts?: { profile?: { name?: string }; wa_id?: string }[];
  messages?: WhatsappMessage[];
}

export interface Delivery {
  entry?: { changes?: { value?: WhatsappValue }[] }[];
}

export interface MessageRow {
  externalId: string;
  // The parameters of INSERT_MESSAGE, in its column order.
  message: unknown[];
  // The parameters of INSERT_HISTORY once the message row's id is known.
  history: (messageId: number) => unknown[];
}

const LEASE_MS = 30_000;
const SIGNATURE = /^sha256=([0-9a-fA-F]+)$/;

export const MESSAGE_COLUMNS = `(platform, external_id, conversation_id, conversation_name, sender_id,
   sender_name, sender_phone, event_type, text, attachments, raw_payload, status, attempts,
   duplicate_count, sent_at, received_at, reply_to, handling, next_attempt_at)`;
export const HISTORY_COLUMNS = `(platform, conversation_id, message_id, sender, content,
   content_type, sent_at, line_hash, created_at)`;

/**
 * JSON bodies are read as bytes and checked against X-Hub-Signature-256 before they are parsed,
 * as the gateway does (HMAC-SHA256, hex, compared in constant time after hashing both sides).
 */
export function parseSignedJson(app: FastifyInstance, secret: string): void {
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const header = request.headers['x-hub-signature-256'];
    const match = typeof header === 'string' ? SIGNATURE.exec(header.trim()) : null;
    const expected = createHmac('sha256', secret)
      .update(body as Buffer)
      .digest('hex');
    if (match === null || !constantTimeEqual(match[1].toLowerCase(), expected)) {
      done(Object.assign(new Error('invalid signature'), { statusCode: 401 }), undefined);
      return;
    }
    try {
      done(null, JSON.parse((body as Buffer).toString('utf8')));
    } catch {
      done(Object.assign(new Error('invalid JSON'), { statusCode: 400 }), undefined);
    }
  });
}

function constantTimeEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The rows of every text message in one delivery. */
export function messageRows(delivery: Delivery, receivedAt: Date): MessageRow[] {
  const values = (delivery.entry ?? []).flatMap((entry) =>
    (entry.changes ?? []).flatMap((change) => (change.value ? [change.value] : [])),
  );
  return values.flatMap((value) =>
    (value.messages ?? []).map((message) => messageRow(value, message, receivedAt)),
  );
}

function messageRow(value: WhatsappValue, message: WhatsappMessage, receivedAt: Date): MessageRow {
  const contact = value.contacts?.find((candidate) => candidate.wa_id === message.from);
  const name = contact?.profile?.name ?? null;
  const text = message.text?.body ?? '';
  const sentAt = message.timestamp ? new Date(Number(message.timestamp) * 1000) : receivedAt;
  const replyTo = {
    recipient: message.from,
    delivery: {
      phoneNumberId: value.metadata?.phone_number_id ?? null,
      contextMessageId: message.id,
    },
  };
  const sender = name ?? message.from;
  const lineHash = createHash('sha256')
    .update(JSON.stringify([sender, text, sentAt.toISOString(), 'text']))
    .digest('hex');
  return {
    externalId: message.id,
    message: [
      'whatsapp',
      message.id,
      message.from,
      name,
      message.from,
      name,
      `+${message.from}`,
      'message',
      text,
      null,
      JSON.stringify({ metadata: value.metadata ?? null, contact: contact ?? null, message }),
      'received',
      0,
      0,
      sentAt,
      receivedAt,
      JSON.stringify(replyTo),
      'route',
      new Date(receivedAt.getTime() + LEASE_MS),
    ],
    history: (messageId) => [
      'whatsapp',
      message.from,
      messageId,
      sender,
      text,
      'text',
      sentAt,
      lineHash,
      receivedAt,
    ],
  };
}

/** The references' connection pool: the gateway's character set and time zone. */
export function referencePool(options: StoreReferenceOptions): Pool {
  return createPool({
    host: options.host,
    port: options.port,
    user: options.user,
    password: options.password,
    database: options.database,
    connectionLimit: options.poolSize,
    charset: 'UTF8MB4_BIN',
    timezone: 'Z',
  });
}
