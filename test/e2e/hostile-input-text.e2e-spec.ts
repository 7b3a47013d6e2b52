import { buildIzerPayload } from 'test/factories/izer-payload.factory';
import { buildKoreBotkitPayload } from 'test/factories/kore-botkit-payload.factory';
import { buildUserlikeWebhook } from 'test/factories/userlike-webhook.factory';
import { buildWhatsappPayload } from 'test/factories/whatsapp-payload.factory';
import { type ErrorAnswer } from 'test/setup/admin-api';
import { HostileInputApp } from 'test/setup/hostile-input-app';
import { testDatabaseKinds } from 'test/setup/test-database';

describe.each(testDatabaseKinds())('hostile input on %s', (kind) => {
  const hostile = HostileInputApp.use(kind);
  const { writesOf, sendSigned, routeNamed, fieldsOf } = hostile;

  describe('text exactly as sent', () => {
    it('should refuse a body that is not valid UTF-8 with 400 on every POST route and store nothing', async () => {
      for (const route of hostile.routes) {
        const before = await writesOf(route);
        const valid = Buffer.from(JSON.stringify(route.body?.() ?? {}));
        // A lone continuation byte, then an overlong encoding of "/".
        const broken = Buffer.concat([
          valid.subarray(0, -1),
          Buffer.from(',"z":"\x80\xc0\xaf"}', 'latin1'),
        ]);

        const response = await sendSigned(route, broken);

        expect([route.name, response.status]).toEqual([route.name, 400]);
        expect(((await response.json()) as ErrorAnswer).message).toBe(
          'Request body is not valid UTF-8',
        );
        expect(await writesOf(route)).toEqual(before);
      }
    });

    it.each(['latin1', 'ISO-8859-9', 'utf-16', 'UTF-16LE', '"windows-1254"'])(
      'should answer 415 to JSON declared as %s and store nothing',
      async (charset) => {
        const izer = routeNamed('POST /webhook');
        const before = await writesOf(izer);

        const response = await sendSigned(
          izer,
          JSON.stringify(buildIzerPayload({ current_message: 'Çok acil!' })),
          `application/json; charset=${charset}`,
        );

        expect(response.status).toBe(415);
        expect(await writesOf(izer)).toEqual(before);
      },
    );

    it.each(['UTF-8', 'utf-8', '"utf-8"', 'utf8'])(
      'should take JSON declared as %s and store its text byte for byte',
      async (charset) => {
        const izer = routeNamed('POST /webhook');
        const text = 'Çok acil! 🚲 İstanbul — ساعدني';
        const payload = buildIzerPayload({ current_message: text });

        const response = await sendSigned(
          izer,
          JSON.stringify(payload),
          `application/json; charset=${charset}`,
        );

        expect(response.status).toBe(200);
        const rows = await hostile.sut.dataSource.query<{ text: string }[]>(
          'SELECT text FROM webhook_messages WHERE external_id = ?',
          [payload.message_id],
        );
        expect(rows.map((row) => Buffer.from(row.text).toString('hex'))).toEqual([
          Buffer.from(text).toString('hex'),
        ]);
      },
    );

    it.each<[string, string, () => unknown, string]>([
      [
        'a WhatsApp message type',
        'POST /webhooks/whatsapp',
        () => buildWhatsappPayload([{ type: '\ud800' }]),
        'entry.0.changes.0.value.messages.0.type',
      ],
      [
        "a WhatsApp contact's wa_id",
        'POST /webhooks/whatsapp',
        () => {
          const payload = buildWhatsappPayload([{ body: 'hi', name: 'Derya' }]) as {
            entry: { changes: { value: { contacts: { wa_id: string }[] } }[] }[];
          };
          payload.entry[0].changes[0].value.contacts[0].wa_id = 'x\udc00';
          return payload;
        },
        'entry.0.changes.0.value.contacts.0.wa_id',
      ],
      [
        'a WhatsApp status id',
        'POST /webhooks/whatsapp (statuses)',
        () => ({
          object: 'whatsapp_business_account',
          entry: [{ changes: [{ value: { statuses: [{ id: '\udbff', status: 'read' }] } }] }],
        }),
        'entry.0.changes.0.value.statuses.0.id',
      ],
      [
        'a key of the Userlike context',
        'POST /webhooks/userlike (message)',
        () => ({
          info: { cid: 'c-1', context: { ['k\ud800']: 1 } },
          packet: { name: 'message', payload: { body: 'hi' } },
        }),
        'info.context',
      ],
      [
        'an unconfirmed Userlike media field',
        'POST /webhooks/userlike (media)',
        () => buildUserlikeWebhook({ name: 'media', payload: { caption: ['\udfff'] } }),
        'packet.payload.caption',
      ],
      [
        'a Kore BotKit channel',
        'POST /webhooks/kore/botkit/…/on_user_message',
        () => buildKoreBotkitPayload(hostile.api.url, { channel: { type: 'rtm', from: '\ud83d' } }),
        'channel',
      ],
      [
        'an İzer history line type',
        'POST /webhook',
        () => buildIzerPayload({ history: [{ sender: 'a', content: 'b', type: '\ud800' }] }),
        'history.0.type',
      ],
    ])(
      'should refuse a lone surrogate in %s with 400 naming it',
      async (_case, name, body, field) => {
        const route = routeNamed(name);
        const before = await writesOf(route);

        const response = await sendSigned(route, JSON.stringify(body()));

        expect(response.status).toBe(400);
        expect(await fieldsOf(response)).toContain(field);
        expect(await writesOf(route)).toEqual(before);
      },
    );
  });
});
