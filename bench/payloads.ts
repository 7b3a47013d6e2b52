import { createHmac, randomBytes } from 'node:crypto';
import { IZER_WEBHOOK_EXAMPLES } from 'src/docs/webhook-examples';

export const WHATSAPP_APP_SECRET = 'bench-whatsapp-app-secret';
export const IZER_WEBHOOK_TOKEN = 'bench-izer-webhook-token';

const PHONE_NUMBER_ID = '118273645509182';
const FIRST_SENDER = 905550000000;
const TEXTS = [
  'Merhaba, bisikletim ne zaman gelir?',
  'Siparişim hâlâ kargoya verilmedi, yardımcı olur musunuz?',
  'Hello, is the red city bike in stock in size M?',
  'Ödeme sayfası hata veriyor, kartım iki kez çekildi!',
];

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

// What Meta puts in X-Hub-Signature-256 for these exact bytes.
export function signWhatsapp(body: string, secret = WHATSAPP_APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Signed WhatsApp Cloud API deliveries of one text message each, as Meta sends them: a unique
 * wamid per delivery (ids never repeat across runs), senders taken in turn from `senders`
 * numbers, and a numbered text so every history line is new.
 */
export class WhatsappDeliveries {
  private readonly runId = randomBytes(6).toString('hex');
  private sent = 0;

  constructor(private readonly senders: number) {}

  get count(): number {
    return this.sent;
  }

  next(): SignedRequest {
    const n = this.sent++;
    const from = String(FIRST_SENDER + (n % this.senders));
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '109384756102938',
          changes: [
            {
              value: {
                messaging_product: 'whatsapp',
                metadata: {
                  display_phone_number: '905320001122',
                  phone_number_id: PHONE_NUMBER_ID,
                },
                contacts: [{ profile: { name: 'Derya Yılmaz' }, wa_id: from }],
                messages: [
                  {
                    from,
                    id: `wamid.bench.${this.runId}.${n}`,
                    timestamp: String(Math.floor(Date.now() / 1000)),
                    type: 'text',
                    text: { body: `${TEXTS[n % TEXTS.length]} #${n}` },
                  },
                ],
              },
              field: 'messages',
            },
          ],
        },
      ],
    });
    return {
      body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWhatsapp(body) },
    };
  }
}

/**
 * İzer's synchronous `POST /webhook` body (seed 004) with two history lines; every request is
 * its own conversation (a unique phone number), so none waits behind another.
 */
export class IzerRequests {
  private readonly runId = randomBytes(6).toString('hex');
  private sent = 0;

  next(): SignedRequest {
    const n = this.sent++;
    return {
      body: izerBody({
        messageId: `wamid.izer.${this.runId}.${n}`,
        chatTime: new Date().toISOString(),
        phone: izerPhone(n),
        text: `${TEXTS[n % TEXTS.length]} #${n}`,
      }),
      headers: IZER_HEADERS,
    };
  }

  /**
   * The same requests as a wrk Lua script, numbered from a block of its own (a script is one run
   * of wrk: ids and phone numbers never repeat across runs, nor with `next()`'s).
   */
  wrkScript(): string {
    const first = this.sent;
    this.sent += WRK_BLOCK;
    const template = izerBody({
      messageId: '@@ID@@',
      chatTime: '@@TIME@@',
      phone: '@@PHONE@@',
      text: '@@TEXT@@',
    });
    // Inside a JSON string: the texts as JSON.stringify escapes them, without the quotes.
    const texts = TEXTS.map((text) => luaString(JSON.stringify(text).slice(1, -1)));
    const headers = Object.entries(IZER_HEADERS).map(
      ([name, value]) => `[ ${luaString(name)} ] = ${luaString(value)}`,
    );
    return [
      `local template = ${luaString(template)}`,
      `local texts = { ${texts.join(', ')} }`,
      `local headers = { ${headers.join(', ')} }`,
      `local n = ${first}`,
      'request = function()',
      '  local values = {',
      `    ID = ${luaString(`wamid.izer.${this.runId}.`)} .. n,`,
      '    TIME = os.date("!%Y-%m-%dT%H:%M:%S.000Z"),',
      '    PHONE = string.format("+9056%09d", n),',
      '    TEXT = texts[n % #texts + 1] .. " #" .. n,',
      '  }',
      '  n = n + 1',
      '  return wrk.format("POST", nil, headers, (template:gsub("@@(%u+)@@", values)))',
      'end',
      '',
    ].join('\n');
  }
}

// Numbers a wrk run may use: far more requests than a run sends, within the phone's 9 digits.
const WRK_BLOCK = 10_000_000;

// The two history lines of the documented example (seed 004's shape).
const IZER_HISTORY: unknown = (IZER_WEBHOOK_EXAMPLES.message as { value: { history: unknown } })
  .value.history;

const IZER_HEADERS = {
  'content-type': 'application/json',
  authorization: `Bearer ${IZER_WEBHOOK_TOKEN}`,
};

function izerPhone(n: number): string {
  return `+9056${String(n).padStart(9, '0')}`;
}

function izerBody(fields: {
  messageId: string;
  chatTime: string;
  phone: string;
  text: string;
}): string {
  return JSON.stringify({
    message_id: fields.messageId,
    chat_time: fields.chatTime,
    chat_name: 'Derya Yılmaz',
    phone_number: fields.phone,
    current_message: fields.text,
    history: IZER_HISTORY,
  });
}

// A Lua long string: its bytes as they are, no escapes.
function luaString(text: string): string {
  if (text.includes(']==]')) {
    throw new Error('a Lua long string cannot hold ]==]');
  }
  return `[==[${text}]==]`;
}
