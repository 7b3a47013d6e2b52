import { Handling, type InboundMessage } from 'src/core/inbound-message';
import { type WhatsappAttachment, WhatsappAdapter } from 'src/platforms/whatsapp/whatsapp.adapter';
import {
  dtoOf,
  expectedMessage,
  RECEIVED_AT,
  replyTo,
  whatsappAdapterWith,
  withoutRaw,
} from 'test/factories/whatsapp-adapter.factory';
import { buildWhatsappPayload, loadWhatsappFixture } from 'test/factories/whatsapp-payload.factory';

describe(WhatsappAdapter.name, () => {
  let sut: WhatsappAdapter;

  beforeEach(() => {
    sut = whatsappAdapterWith();
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
});
