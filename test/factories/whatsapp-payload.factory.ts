import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface WhatsappTestMessage {
  from?: string;
  // Anything, to build invalid payloads too.
  id?: unknown;
  timestamp?: string;
  type?: string;
  name?: string;
  body?: string;
  [key: string]: unknown;
}

export interface WhatsappTestStatus {
  id: string;
  status: string;
  errors?: { code: number; title: string; message?: string }[];
}

export const WHATSAPP_PHONE_NUMBER_ID = '118273645509182';
export const WHATSAPP_CUSTOMER = '905551234567';

// The payloads in test/fixtures/whatsapp (as Meta sends them, values invented).
export function loadWhatsappFixture(name: string): Record<string, unknown> {
  return JSON.parse(readWhatsappFixture(name)) as Record<string, unknown>;
}

export function readWhatsappFixture(name: string): string {
  return readFileSync(join(__dirname, '..', 'fixtures', 'whatsapp', `${name}.json`), 'utf8');
}

export function newWamid(): string {
  return `wamid.${randomUUID()}`;
}

// One `messages` change; text messages by default, with a contact for every sender, and
// status reports when given.
export function buildWhatsappPayload(
  messages: WhatsappTestMessage[],
  { phoneNumberId = WHATSAPP_PHONE_NUMBER_ID, statuses = [] as WhatsappTestStatus[] } = {},
): Record<string, unknown> {
  const built = messages.map(({ name: _name, body, ...message }) => ({
    from: WHATSAPP_CUSTOMER,
    id: newWamid(),
    timestamp: String(Math.floor(Date.now() / 1000)),
    type: 'text',
    ...(body === undefined ? {} : { text: { body } }),
    ...message,
  }));
  const contacts = new Map<string, string>();
  built.forEach((message, index) => {
    contacts.set(message.from, messages[index].name ?? 'Derya Yılmaz');
  });
  return envelope({
    metadata: { display_phone_number: '905320001122', phone_number_id: phoneNumberId },
    contacts: [...contacts].map(([waId, name]) => ({ profile: { name }, wa_id: waId })),
    messages: built,
    ...(statuses.length > 0 ? { statuses: statuses.map(statusOf) } : {}),
  });
}

export function buildWhatsappStatusPayload(
  statuses: WhatsappTestStatus[],
  phoneNumberId = WHATSAPP_PHONE_NUMBER_ID,
): Record<string, unknown> {
  return envelope({
    metadata: { display_phone_number: '905320001122', phone_number_id: phoneNumberId },
    statuses: statuses.map(statusOf),
  });
}

function statusOf(status: WhatsappTestStatus): Record<string, unknown> {
  return {
    timestamp: String(Math.floor(Date.now() / 1000)),
    recipient_id: WHATSAPP_CUSTOMER,
    ...status,
  };
}

// What Meta puts in `X-Hub-Signature-256` for these exact bytes.
export function signWhatsapp(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function envelope(value: Record<string, unknown>): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '109384756102938',
        changes: [{ value: { messaging_product: 'whatsapp', ...value }, field: 'messages' }],
      },
    ],
  };
}
