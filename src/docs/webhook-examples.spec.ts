import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExamplesObject } from '@nestjs/swagger';
import {
  IZER_WEBHOOK_EXAMPLES,
  KINDLY_WEBHOOK_EXAMPLES,
  KORE_BOTKIT_EXAMPLES,
  KORE_WEBHOOK_EXAMPLES,
  USERLIKE_WEBHOOK_EXAMPLES,
  WHATSAPP_WEBHOOK_EXAMPLES,
} from 'src/docs/webhook-examples';

const FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures');

function valueOf(examples: ExamplesObject, name: string): unknown {
  const example = examples[name];
  return example && 'value' in example ? example.value : undefined;
}

function fixture(path: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));
}

describe('webhook examples', () => {
  it.each<[string, ExamplesObject, string, string]>([
    ['izer', IZER_WEBHOOK_EXAMPLES, 'message', 'izer/webhook.json'],
    ['whatsapp', WHATSAPP_WEBHOOK_EXAMPLES, 'text', 'whatsapp/whatsapp-text.json'],
    ['whatsapp', WHATSAPP_WEBHOOK_EXAMPLES, 'interactive', 'whatsapp/whatsapp-interactive.json'],
    ['whatsapp', WHATSAPP_WEBHOOK_EXAMPLES, 'status', 'whatsapp/whatsapp-status.json'],
    ['userlike', USERLIKE_WEBHOOK_EXAMPLES, 'message', 'userlike/userlike-message.json'],
    ['userlike', USERLIKE_WEBHOOK_EXAMPLES, 'start', 'userlike/userlike-start.json'],
    ['kindly', KINDLY_WEBHOOK_EXAMPLES, 'message', 'kindly/message.json'],
    ['kore', KORE_WEBHOOK_EXAMPLES, 'message', 'kore/seed000-event.json'],
    ['kore botkit', KORE_BOTKIT_EXAMPLES, 'on_user_message', 'kore/botkit-on-user-message.json'],
  ])('should keep the %s example %p equal to its fixture', (_platform, examples, name, path) => {
    expect(valueOf(examples, name)).toEqual(fixture(path));
  });
});
