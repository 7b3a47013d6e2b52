import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig } from 'src/config/app-config';
import { Handling, type InboundMessage, Platform } from 'src/messages/inbound-message';
import { type WhatsappAttachment, WhatsappAdapter } from 'src/platforms/whatsapp/whatsapp.adapter';
import { WhatsappWebhookDto } from 'src/platforms/whatsapp/whatsapp.dto';
import { OutboundStatus } from 'src/replies/outbound-message.entity';
import type { OutboundStatusUpdate } from 'src/replies/outbound.service';
import {
  buildWhatsappPayload,
  buildWhatsappStatusPayload,
  loadWhatsappFixture,
  signWhatsapp,
} from 'test/factories/whatsapp-payload.factory';

const SECRET = 'test-app-secret';
const VERIFY_TOKEN = 'verify-me-please';
const RECEIVED_AT = new Date('2025-03-03T11:10:02.000Z');

// As the global ValidationPipe hands it over: transformed, validated, unknown fields stripped.
function dtoOf(plain: unknown): WhatsappWebhookDto {
  const dto = plainToInstance(WhatsappWebhookDto, plain);
  const errors = validateSync(dto, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new Error(`invalid payload: ${errors.map((error) => error.property).join(', ')}`);
  }
  return dto;
}

function invalidFieldsOf(plain: unknown): string[] {
  const dto = plainToInstance(WhatsappWebhookDto, plain);
  const walk = (errors: ReturnType<typeof validateSync>, parent: string): string[] =>
    errors.flatMap((error) => {
      const field = parent ? `${parent}.${error.property}` : error.property;
      return [...(error.constraints ? [field] : []), ...walk(error.children ?? [], field)];
    });
  return walk(validateSync(dto, { whitelist: true, forbidUnknownValues: true }), '');
}

function adapterWith(env: Record<string, string> = {}): WhatsappAdapter {
  return new WhatsappAdapter(
    AppConfig.fromEnv({
      LOG_LEVEL: 'silent',
      WHATSAPP_APP_SECRET: SECRET,
      WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
      ...env,
    }),
  );
}

function expectedMessage(overrides: Partial<InboundMessage>): InboundMessage {
  return {
    platform: Platform.WhatsApp,
    externalId: '',
    conversationId: '905551234567',
    conversationName: 'Derya Yılmaz',
    sender: { id: '905551234567', name: 'Derya Yılmaz', phone: '+905551234567' },
    eventType: 'message',
    text: '',
    attachments: [],
    history: [],
    sentAt: RECEIVED_AT,
    receivedAt: RECEIVED_AT,
    raw: {},
    replyTo: null,
    handling: Handling.Route,
    ...overrides,
  };
}

function expectedStatusUpdate(
  externalId: string,
  status: OutboundStatusUpdate['status'],
  error: string | null = null,
): OutboundStatusUpdate {
  return { platform: Platform.WhatsApp, externalId, status, error };
}

// `toEqual` takes an undefined property as absent.
function withoutRaw(message: InboundMessage): InboundMessage {
  return { ...message, raw: undefined as unknown as object };
}

function replyTo(
  wamid: string,
  phoneNumberId: string | null = '118273645509182',
  recipient = '905551234567',
): InboundMessage['replyTo'] {
  return { recipient, delivery: { phoneNumberId, contextMessageId: wamid } };
}

describe(WhatsappAdapter.name, () => {
  let sut: WhatsappAdapter;

  beforeEach(() => {
    sut = adapterWith();
  });

  describe('toMessages', () => {
    const messagesOf = (fixture: string): InboundMessage[] =>
      sut.toMessages(dtoOf(loadWhatsappFixture(fixture)), RECEIVED_AT);

    it('should map whatsapp-text.json to one text message', () => {
      const wamid =
        'wamid.HBgMOTA1NTUxMjM0NTY3FQIAEhggQTdGMkM5RTE0QjNEMDVBNjE4QjI3QzlFMEQ0RjY1QTIA';

      const messages = messagesOf('whatsapp-text');

      expect(messages).toEqual([
        expectedMessage({
          externalId: wamid,
          text: 'Merhaba, bisikletim ne zaman gelir?',
          sentAt: new Date('2025-03-03T11:10:00.000Z'),
          raw: {
            metadata: { phone_number_id: '118273645509182' },
            contact: { profile: { name: 'Derya Yılmaz' }, wa_id: '905551234567' },
            message: {
              from: '905551234567',
              id: wamid,
              timestamp: '1741000200',
              type: 'text',
              text: { body: 'Merhaba, bisikletim ne zaman gelir?' },
            },
          },
          replyTo: replyTo(wamid),
        }),
      ]);
    });

    it('should map whatsapp-interactive.json to a click with the title as text and the id kept', () => {
      const wamid =
        'wamid.HBgMOTA1NTUxMjM0NTY3FQIAEhggRDQ1QTZCN0M4RDlFMEYxQTJCM0M0RDVFNkY3QTg5AA==';

      const [message] = messagesOf('whatsapp-interactive');

      expect(message).toEqual(
        expectedMessage({
          externalId: wamid,
          eventType: 'click',
          text: 'Track order',
          attachments: [{ type: 'button_reply', id: 'track_order' } as WhatsappAttachment],
          sentAt: new Date('2025-03-03T11:11:00.000Z'),
          raw: {
            metadata: { phone_number_id: '118273645509182' },
            contact: { profile: { name: 'Derya Yılmaz' }, wa_id: '905551234567' },
            message: {
              from: '905551234567',
              id: wamid,
              timestamp: '1741000260',
              type: 'interactive',
              interactive: {
                type: 'button_reply',
                button_reply: { id: 'track_order', title: 'Track order' },
              },
            },
          },
          replyTo: replyTo(wamid),
        }),
      );
    });

    it('should map media to attachments with the media id, the caption as text and no url', () => {
      const image = 'wamid.HBgMOTA1NTUxMjM0NTY3FQIAEhggMUE5QzhEN0U2RjVBMDMyMUIwQzlEOEU3RjZBNQA=';
      const document = 'wamid.HBgMOTA1NTUxMjM0NTY3FQIAEhggOUY4RTdENkM1QjRBMzkyMTBGRTlEOEM3QjZBNQA=';

      const messages = messagesOf('whatsapp-media');

      expect(messages.map(withoutRaw)).toEqual(
        [
          expectedMessage({
            externalId: image,
            eventType: 'media',
            text: 'Vites kolu kırıldı, acil yardım lazım',
            attachments: [
              {
                type: 'image',
                mimeType: 'image/jpeg',
                caption: 'Vites kolu kırıldı, acil yardım lazım',
                id: '1029384756473829',
              } as WhatsappAttachment,
            ],
            sentAt: new Date('2025-03-03T11:12:00.000Z'),
            replyTo: replyTo(image),
          }),
          expectedMessage({
            externalId: document,
            eventType: 'media',
            text: '',
            attachments: [
              {
                type: 'document',
                mimeType: 'application/pdf',
                id: '2039485761029384',
              } as WhatsappAttachment,
            ],
            sentAt: new Date('2025-03-03T11:12:10.000Z'),
            replyTo: replyTo(document),
          }),
        ].map(withoutRaw),
      );
      expect(messages[0].attachments[0]).not.toHaveProperty('url');
      expect(messages[1].raw).toMatchObject({
        message: { document: { id: '2039485761029384', mime_type: 'application/pdf' } },
      });
    });

    it('should map a location to a readable text and a geo: attachment', () => {
      const wamid = 'wamid.HBgMOTA1NTUxMjM0NTY3FQIAEhggQjBDOUQ4RTdGNkE1MDMyMUExQjJDM0Q0RTVGNgA=';

      const [message] = messagesOf('whatsapp-location');

      expect(message).toEqual(
        expectedMessage({
          externalId: wamid,
          eventType: 'location',
          text: 'Location: İzer Bisiklet Kadıköy, Rıhtım Cd. 1, Kadıköy, İstanbul (40.9903, 29.0205)',
          attachments: [{ type: 'location', url: 'geo:40.9903,29.0205' }],
          sentAt: new Date('2025-03-03T11:13:20.000Z'),
          raw: {
            metadata: { phone_number_id: '118273645509182' },
            contact: { profile: { name: 'Derya Yılmaz' }, wa_id: '905551234567' },
            message: {
              from: '905551234567',
              id: wamid,
              timestamp: '1741000400',
              type: 'location',
              location: {
                latitude: 40.9903,
                longitude: 29.0205,
                name: 'İzer Bisiklet Kadıköy',
                address: 'Rıhtım Cd. 1, Kadıköy, İstanbul',
              },
            },
          },
          replyTo: replyTo(wamid),
        }),
      );
    });

    it('should map every message of every entry and change in a batch, each with its own contact and number', () => {
      const messages = messagesOf('whatsapp-batch');

      expect(messages.map(withoutRaw)).toEqual([
        {
          ...withoutRaw(expectedMessage({})),
          externalId: 'wamid.HBgMOTA1NTUxMjM0NTY3FQIAEhggQkFUQ0gwMDAwMDAwMDAwMDAwMDAwMDAwMDAxAA==',
          text: 'Siparişim hâlâ gelmedi.',
          sentAt: new Date('2025-03-03T11:15:00.000Z'),
          replyTo: replyTo(
            'wamid.HBgMOTA1NTUxMjM0NTY3FQIAEhggQkFUQ0gwMDAwMDAwMDAwMDAwMDAwMDAwMDAxAA==',
          ),
        },
        {
          ...withoutRaw(expectedMessage({})),
          externalId: 'wamid.HBgMOTA1MzM3NjU0MzIxFQIAEhggQkFUQ0gwMDAwMDAwMDAwMDAwMDAwMDAwMDAyAA==',
          conversationId: '905337654321',
          conversationName: 'Mehmet Kaya',
          sender: { id: '905337654321', name: 'Mehmet Kaya', phone: '+905337654321' },
          eventType: 'click',
          text: 'Medium frame',
          attachments: [{ type: 'list_reply', id: 'size_m' }],
          sentAt: new Date('2025-03-03T11:15:01.000Z'),
          replyTo: replyTo(
            'wamid.HBgMOTA1MzM3NjU0MzIxFQIAEhggQkFUQ0gwMDAwMDAwMDAwMDAwMDAwMDAwMDAyAA==',
            '118273645509182',
            '905337654321',
          ),
        },
        {
          ...withoutRaw(expectedMessage({})),
          externalId: 'wamid.HBgKNDc5MTIzNDU2NxUCABIYIEJBVENIMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDMA',
          conversationId: '4791234567',
          conversationName: 'Ingrid Ødegård',
          sender: { id: '4791234567', name: 'Ingrid Ødegård', phone: '+4791234567' },
          eventType: 'reaction',
          text: '👍',
          sentAt: new Date('2025-03-03T11:15:02.000Z'),
          replyTo: replyTo(
            'wamid.HBgKNDc5MTIzNDU2NxUCABIYIEJBVENIMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDMA',
            '228273645509183',
            '4791234567',
          ),
        },
      ]);
    });

    it.each(['whatsapp-status', 'whatsapp-status-failed'])(
      'should find no messages in %s',
      (fixture) => {
        expect(messagesOf(fixture)).toEqual([]);
      },
    );

    it('should store unknown and unsupported types with the type as event and never refuse them', () => {
      const payload = buildWhatsappPayload([
        { type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] },
        { type: 'system', system: { body: 'User changed number', type: 'user_changed_number' } },
        { type: 'contacts', contacts: [{ name: { formatted_name: 'Ayşe' } }] },
        { type: 'a_type_meta_adds_next_year_with_a_very_long_name', whatever: { x: 1 } },
      ]);

      const messages = sut.toMessages(dtoOf(payload), RECEIVED_AT);

      expect(messages.map((message) => [message.eventType, message.text])).toEqual([
        ['unsupported', ''],
        ['system', 'User changed number'],
        ['contacts', ''],
        ['a_type_meta_adds_next_year_with_', ''],
      ]);
      expect(messages.every((message) => message.handling === Handling.Route)).toBe(true);
    });

    it('should fall back to the arrival time, no name and the configured number when Meta leaves them out', () => {
      const payload = {
        object: 'whatsapp_business_account',
        entry: [
          {
            changes: [
              {
                field: 'messages',
                value: {
                  messages: [
                    { from: '905551234567', id: 'wamid.x', type: 'text', text: { body: 'hi' } },
                  ],
                },
              },
            ],
          },
        ],
      };

      const [message] = sut.toMessages(dtoOf(payload), RECEIVED_AT);

      expect(message).toEqual(
        expectedMessage({
          externalId: 'wamid.x',
          conversationName: null,
          sender: { id: '905551234567', name: null, phone: '+905551234567' },
          text: 'hi',
          sentAt: RECEIVED_AT,
          raw: {
            metadata: null,
            contact: null,
            message: { from: '905551234567', id: 'wamid.x', type: 'text', text: { body: 'hi' } },
          },
          replyTo: replyTo('wamid.x', null),
        }),
      );
    });

    it('should leave the phone empty when the sender id is not a phone number', () => {
      const payload = buildWhatsappPayload([{ from: 'US.13491208655302741918', body: 'hi' }]);

      const [message] = sut.toMessages(dtoOf(payload), RECEIVED_AT);

      expect(message.sender).toEqual({
        id: 'US.13491208655302741918',
        name: 'Derya Yılmaz',
        phone: null,
      });
    });
  });

  describe('validation', () => {
    it.each<[string, unknown, string[]]>([
      ['another object', { object: 'page', entry: [] }, ['object']],
      ['no entry', { object: 'whatsapp_business_account' }, ['entry']],
      [
        'a message without id',
        buildWhatsappPayload([{ id: undefined, body: 'hi' }]),
        ['entry.0.changes.0.value.messages.0.id'],
      ],
      [
        'a text that is not an object',
        buildWhatsappPayload([{ text: 'hi' }]),
        ['entry.0.changes.0.value.messages.0.text'],
      ],
      [
        'an id longer than 191 characters',
        buildWhatsappPayload([{ id: `wamid.${'x'.repeat(186)}`, body: 'hi' }]),
        ['entry.0.changes.0.value.messages.0.id'],
      ],
      [
        'a status without id',
        buildWhatsappStatusPayload([{ id: '', status: 'read' }]),
        ['entry.0.changes.0.value.statuses.0.id'],
      ],
    ])('should refuse %s', (_case, payload, fields) => {
      expect(invalidFieldsOf(payload)).toEqual(fields);
    });

    it('should strip fields it does not read', () => {
      const dto = dtoOf(loadWhatsappFixture('whatsapp-status'));

      expect(dto.entry[0]).not.toHaveProperty('id');
      expect(dto.entry[0].changes?.[0].value?.statuses?.[0]).toEqual({
        id: 'wamid.HBgMOTA1NTUxMjM0NTY3FQIAERgSM0IxQTlDOEQ3RTZGNUEwMzIxAA==',
        status: 'delivered',
      });
    });
  });

  describe('toStatusUpdates', () => {
    const statusUpdatesOf = (fixture: string): OutboundStatusUpdate[] =>
      sut.toStatusUpdates(dtoOf(loadWhatsappFixture(fixture)));

    it('should map whatsapp-status.json to a delivered update', () => {
      expect(statusUpdatesOf('whatsapp-status')).toEqual([
        expectedStatusUpdate(
          'wamid.HBgMOTA1NTUxMjM0NTY3FQIAERgSM0IxQTlDOEQ3RTZGNUEwMzIxAA==',
          OutboundStatus.Delivered,
        ),
      ]);
    });

    it("should map whatsapp-status-failed.json to a failure with Meta's code and title only", () => {
      expect(statusUpdatesOf('whatsapp-status-failed')).toEqual([
        expectedStatusUpdate(
          'wamid.HBgMOTA1NTUxMjM0NTY3FQIAERgSOUY4RTdENkM1QjRBMzkyMQA=',
          OutboundStatus.Failed,
          'WhatsApp error 131047: Re-engagement message',
        ),
      ]);
    });

    it('should leave out statuses it does not track and find the ones in a batch', () => {
      const payload = buildWhatsappStatusPayload([
        { id: 'wamid.a', status: 'sent' },
        { id: 'wamid.b', status: 'played' },
        { id: 'wamid.c', status: 'read' },
        { id: 'wamid.d', status: 'constructor' },
      ]);

      const updates = sut.toStatusUpdates(dtoOf(payload));

      expect(updates.map((update) => [update.externalId, update.status])).toEqual([
        ['wamid.a', OutboundStatus.Sent],
        ['wamid.c', OutboundStatus.Read],
      ]);
      expect(statusUpdatesOf('whatsapp-batch')).toEqual([
        expectedStatusUpdate(
          'wamid.HBgKNDc5MTIzNDU2NxUCABEYEk9VVEJPVU5EMDAwMDAxAA==',
          OutboundStatus.Read,
        ),
      ]);
    });

    it('should find no status updates in a messages-only delivery', () => {
      expect(statusUpdatesOf('whatsapp-text')).toEqual([]);
    });
  });

  describe('verifySignature', () => {
    const body = Buffer.from('{"object":"whatsapp_business_account"}');

    it("should accept the wire notes' example signature", () => {
      const header = 'sha256=b6978b21c4467654c466607663db9b43fae44b71083568df403e0a077089208e';

      expect(sut.verifySignature(body, { 'x-hub-signature-256': header })).toBe(true);
      expect(
        sut.verifySignature(body, {
          'x-hub-signature-256': header.toUpperCase().replace('SHA256', 'sha256'),
        }),
      ).toBe(true);
    });

    it('should verify the exact bytes, emoji and escaped unicode included', () => {
      const raw = Buffer.from(
        '{"object":"whatsapp_business_account","entry":[],"t":"\\ud83d\\ude00 😀 Çağrı İĞÜŞÖ"}',
        'utf8',
      );
      const header = signWhatsapp(raw, SECRET);
      const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))), 'utf8');

      expect(sut.verifySignature(raw, { 'x-hub-signature-256': header })).toBe(true);
      expect(sut.verifySignature(reserialised, { 'x-hub-signature-256': header })).toBe(false);
    });

    it.each<[string, Record<string, string | string[]>]>([
      ['no header', {}],
      ['an empty header', { 'x-hub-signature-256': '' }],
      ['a wrong signature', { 'x-hub-signature-256': signWhatsapp(body, 'another-secret') }],
      ['no sha256= prefix', { 'x-hub-signature-256': signWhatsapp(body, SECRET).slice(7) }],
      [
        'a SHA-1 header only',
        { 'x-hub-signature': 'sha1=0123456789abcdef0123456789abcdef01234567' },
      ],
      ['a repeated header', { 'x-hub-signature-256': [signWhatsapp(body, SECRET), 'sha256=00'] }],
    ])('should refuse %s', (_case, headers) => {
      expect(sut.verifySignature(body, headers)).toBe(false);
    });

    it('should refuse a request without a body', () => {
      expect(
        sut.verifySignature(undefined, { 'x-hub-signature-256': signWhatsapp(body, SECRET) }),
      ).toBe(false);
    });

    it('should accept unsigned requests without a secret only when unsigned webhooks are allowed', () => {
      const open = adapterWith({ WHATSAPP_APP_SECRET: '', ALLOW_UNSIGNED_WEBHOOKS: 'true' });
      const closed = adapterWith({ WHATSAPP_APP_SECRET: '', ALLOW_UNSIGNED_WEBHOOKS: 'false' });

      expect(open.verifySignature(body, {})).toBe(true);
      expect(closed.verifySignature(body, {})).toBe(false);
      expect(
        closed.verifySignature(body, { 'x-hub-signature-256': signWhatsapp(body, SECRET) }),
      ).toBe(false);
    });
  });

  describe('challengeFor', () => {
    it('should echo the challenge for subscribe and the right token', () => {
      expect(sut.challengeFor('subscribe', VERIFY_TOKEN, '1158201444')).toBe('1158201444');
    });

    it.each<[string, unknown, unknown, unknown]>([
      ['a wrong token', 'subscribe', 'guess', '1'],
      ['another mode', 'unsubscribe', VERIFY_TOKEN, '1'],
      ['no token', 'subscribe', undefined, '1'],
      ['a repeated token', 'subscribe', [VERIFY_TOKEN, VERIFY_TOKEN], '1'],
      ['no challenge', 'subscribe', VERIFY_TOKEN, undefined],
      ['an empty challenge', 'subscribe', VERIFY_TOKEN, ''],
    ])('should refuse %s', (_case, mode, token, challenge) => {
      expect(sut.challengeFor(mode, token, challenge)).toBeNull();
    });

    it('should refuse every verification when WHATSAPP_VERIFY_TOKEN is unset', () => {
      const unset = adapterWith({ WHATSAPP_VERIFY_TOKEN: '' });

      expect(unset.challengeFor('subscribe', '', '1')).toBeNull();
      expect(unset.challengeFor('subscribe', 'anything', '1')).toBeNull();
    });
  });
});
