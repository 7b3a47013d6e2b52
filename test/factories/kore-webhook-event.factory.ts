import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KoreWebhookEvent {
  userInfo: { email: string };
  eventType?: string;
  parameters?: { text?: string };
  messageId?: string;
}

// Seed 000's example event (`POST /kore-webhook`).
export function seedKoreWebhookEvent(): KoreWebhookEvent {
  return JSON.parse(
    readFileSync(join(__dirname, '..', 'fixtures', 'kore', 'seed000-event.json'), 'utf8'),
  ) as KoreWebhookEvent;
}

// A fresh user each time, so events of different tests never look like repeats.
export function buildKoreWebhookEvent(
  text = 'What are your opening hours?',
  overrides: Partial<KoreWebhookEvent> = {},
): KoreWebhookEvent {
  return {
    userInfo: { email: `user-${randomUUID()}@example.org` },
    eventType: 'message',
    parameters: { text },
    ...overrides,
  };
}
