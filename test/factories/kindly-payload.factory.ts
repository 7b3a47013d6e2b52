import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const KINDLY_ALGORITHM_HEADER = 'HMAC-SHA-256 (base64 encoded)';

export interface KindlyPayload {
  organization_id?: string | number;
  bot_id?: string | number;
  chat_id: string;
  user_id?: string | null;
  chat_labels?: string[];
  exchange?: { exchange_id?: string | null; language_code?: string };
  message?: string;
  attachments?: unknown[];
  context?: Record<string, unknown>;
  _links?: { chat?: string };
  chatlog_api_url?: string;
  source?: string;
  web_host?: string;
  web_path?: string;
  web_url?: string;
}

// The dialogue webhook example of platforms/kindly.md.
export function seedKindlyPayload(): KindlyPayload {
  return JSON.parse(
    readFileSync(join(__dirname, '..', 'fixtures', 'kindly', 'message.json'), 'utf8'),
  ) as KindlyPayload;
}

// A fresh chat each time, so deliveries never collide unless a test wants them to.
export function buildKindlyPayload(overrides: Partial<KindlyPayload> = {}): KindlyPayload {
  const chatId = randomUUID();
  return {
    organization_id: '7c1e5a90-2b3d-4e6f-8a1b-9c0d1e2f3a4b',
    bot_id: '5d8f2a1c-6b7e-4c3d-9a0b-1e2f3a4b5c6d',
    chat_id: chatId,
    user_id: `web-visitor-${chatId.slice(0, 6)}`,
    exchange: { exchange_id: randomUUID(), language_code: 'en' },
    message: 'Hello, what are your opening hours?',
    attachments: [],
    context: {},
    _links: { chat: `https://bot.kindly.ai/api/v1/chats/${chatId}` },
    source: 'web',
    ...overrides,
  };
}

export function signKindlyBody(body: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

// The headers Kindly sends with `body`, signed with `secret`.
export function kindlyHeaders(body: string, secret: string): Record<string, string> {
  return {
    'kindly-hmac': signKindlyBody(body, secret),
    'kindly-hmac-algorithm': KINDLY_ALGORITHM_HEADER,
  };
}
