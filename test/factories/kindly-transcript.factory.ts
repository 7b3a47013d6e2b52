import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KindlyTranscriptMessage {
  id?: string;
  created?: string | null;
  message?: unknown;
  from_bot?: boolean;
  name?: string;
  exchange_id?: string | null;
  exchange_type?: string | null;
  buttons?: unknown[];
}

export interface KindlyTranscript {
  chat: { id?: string | number; messages: KindlyTranscriptMessage[]; [key: string]: unknown };
}

// A Chat Transcript API answer in the shape of seed 003's sample, for the fixture's chat.
export function seedKindlyTranscript(): KindlyTranscript {
  return JSON.parse(
    readFileSync(join(__dirname, '..', 'fixtures', 'kindly', 'transcript.json'), 'utf8'),
  ) as KindlyTranscript;
}

// The seed transcript moved to another chat, ending with `lastUserMessage`.
export function buildKindlyTranscript(chatId: string, lastUserMessage: string): KindlyTranscript {
  const transcript = seedKindlyTranscript();
  const messages = transcript.chat.messages.slice(0, -1);
  messages.push({
    buttons: [],
    created: '2025-03-03T10:01:30.512000Z',
    exchange_id: null,
    exchange_type: null,
    from_bot: false,
    id: '65e44ba2d923ba4238c70cae',
    message: lastUserMessage,
    name: 'You',
  });
  return { chat: { ...transcript.chat, id: chatId, messages } };
}
