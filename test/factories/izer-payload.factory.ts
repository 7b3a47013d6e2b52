import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface IzerPayload {
  message_id: string;
  chat_time?: string;
  chat_name?: string;
  phone_number?: string;
  current_message: string;
  history?: { sender: string; content: string; timestamp?: string; type?: string }[];
}

// Seed 004's example request.
export function seedIzerPayload(): IzerPayload {
  return JSON.parse(
    readFileSync(join(__dirname, '..', 'fixtures', 'izer', 'webhook.json'), 'utf8'),
  ) as IzerPayload;
}

export function buildIzerPayload(overrides: Partial<IzerPayload> = {}): IzerPayload {
  return {
    message_id: `wamid.${randomUUID()}`,
    chat_time: '2025-03-03T11:10:00Z',
    chat_name: 'Test Customer',
    phone_number: '+905551112233',
    current_message: 'Hello, what are your opening hours?',
    history: [],
    ...overrides,
  };
}
