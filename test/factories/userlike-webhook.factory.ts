import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface UserlikeWebhookPayload {
  info: {
    cid: string;
    approach_mode?: string;
    context?: Record<string, unknown>;
    contact?: Record<string, unknown>;
    conversation?: Record<string, unknown>;
    widget?: Record<string, unknown>;
  };
  packet: { name: string; payload?: Record<string, unknown> };
}

export type UserlikeFixtureName =
  | 'userlike-start'
  | 'userlike-start-whatsapp'
  | 'userlike-message'
  | 'userlike-click'
  | 'userlike-forward-failed';

export function userlikeFixture(name: UserlikeFixtureName): UserlikeWebhookPayload {
  return JSON.parse(
    readFileSync(join(__dirname, '..', 'fixtures', 'userlike', `${name}.json`), 'utf8'),
  ) as UserlikeWebhookPayload;
}

export function userlikeCid(): string {
  return `chatbot::412:${randomBytes(16).toString('hex')}`;
}

// A webhook call of a fresh bot session on the web widget.
export function buildUserlikeWebhook(
  packet: UserlikeWebhookPayload['packet'],
  info: Partial<UserlikeWebhookPayload['info']> = {},
): UserlikeWebhookPayload {
  return {
    info: {
      approach_mode: 'normal',
      cid: userlikeCid(),
      contact: {},
      context: {},
      conversation: { contact_channel: { state: 'valid', type: 'web' } },
      widget: {},
      ...info,
    },
    packet,
  };
}

export function buildUserlikeMessage(
  body: string,
  info: Partial<UserlikeWebhookPayload['info']> = {},
): UserlikeWebhookPayload {
  return buildUserlikeWebhook({ name: 'message', payload: { body } }, info);
}
