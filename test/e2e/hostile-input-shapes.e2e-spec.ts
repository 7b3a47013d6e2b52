import { buildIzerPayload } from 'test/factories/izer-payload.factory';
import { SECRETS } from 'test/factories/route-catalogue.factory';
import { buildUserlikeWebhook } from 'test/factories/userlike-webhook.factory';
import { buildWhatsappPayload, signWhatsapp } from 'test/factories/whatsapp-payload.factory';
import { HostileInputApp } from 'test/setup/hostile-input-app';
import { testDatabaseKinds } from 'test/setup/test-database';

describe.each(testDatabaseKinds())('hostile input on %s', (kind) => {
  const hostile = HostileInputApp.use(kind);
  const { send, writesOf, sendSigned, routeNamed, fieldsOf } = hostile;

  describe('no 500 from client-chosen names, null or arrays', () => {
    it.each(['toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'constructor'])(
      'should refuse a Userlike packet named %s with 400 naming packet.name',
      async (packetName) => {
        const route = routeNamed('POST /webhooks/userlike (message)');
        const before = await writesOf(route);

        const response = await sendSigned(
          route,
          JSON.stringify({ info: { cid: 'c1' }, packet: { name: packetName, payload: {} } }),
        );

        expect(response.status).toBe(400);
        expect(await fieldsOf(response)).toEqual(['packet.name']);
        expect(await writesOf(route)).toEqual(before);
      },
    );

    it.each(['start', 'media'])(
      'should take a Userlike %s whose payload.body is null as one without a body',
      async (packetName) => {
        const route = routeNamed('POST /webhooks/userlike (message)');
        const payload = buildUserlikeWebhook({ name: packetName, payload: { body: null } });

        const response = await sendSigned(route, JSON.stringify(payload));

        expect(response.status).toBe(200);
        expect(
          await hostile.sut.count(
            'SELECT COUNT(*) AS count FROM webhook_messages WHERE conversation_id = ?',
            [payload.info.cid],
          ),
        ).toBe(1);
      },
    );

    const whatsappWith = (value: Record<string, unknown>): unknown => ({
      object: 'whatsapp_business_account',
      entry: [{ changes: [{ value }] }],
    });

    it.each<[string, unknown, string]>([
      ['an entry', { object: 'whatsapp_business_account', entry: [[]] }, 'entry'],
      [
        'a change',
        { object: 'whatsapp_business_account', entry: [{ changes: [[]] }] },
        'entry.0.changes',
      ],
      ['a message', whatsappWith({ messages: [[]] }), 'entry.0.changes.0.value.messages'],
      ['a contact', whatsappWith({ contacts: [[]] }), 'entry.0.changes.0.value.contacts'],
      ['a status', whatsappWith({ statuses: [[]] }), 'entry.0.changes.0.value.statuses'],
      [
        'a status error',
        whatsappWith({ statuses: [{ id: 'wamid.1', status: 'failed', errors: [[]] }] }),
        'entry.0.changes.0.value.statuses.0.errors',
      ],
      [
        'a message given as a string',
        whatsappWith({ messages: ['hi'] }),
        'entry.0.changes.0.value.messages',
      ],
      [
        'a message given as null',
        whatsappWith({ messages: [null] }),
        'entry.0.changes.0.value.messages',
      ],
      [
        'a value given as an array',
        { object: 'whatsapp_business_account', entry: [{ changes: [{ value: [] }] }] },
        'entry.0.changes.0.value',
      ],
    ])('should refuse %s that is not an object with 400 naming it', async (_case, body, field) => {
      const route = routeNamed('POST /webhooks/whatsapp');
      const before = await writesOf(route);

      const response = await sendSigned(route, JSON.stringify(body));

      expect(response.status).toBe(400);
      expect(await fieldsOf(response)).toContain(field);
      expect(await writesOf(route)).toEqual(before);
    });

    it.each<[string, unknown]>([
      ['an empty array', []],
      ['a string', 'line'],
      ['null', null],
    ])(
      'should refuse an İzer history line that is %s with 400 naming history',
      async (_case, line) => {
        const route = routeNamed('POST /webhook');
        const before = await writesOf(route);

        const response = await sendSigned(
          route,
          JSON.stringify({ ...buildIzerPayload(), history: [{ sender: 'a', content: 'b' }, line] }),
        );

        expect(response.status).toBe(400);
        expect(await fieldsOf(response)).toContain('history');
        expect(await writesOf(route)).toEqual(before);
      },
    );

    it('should keep a WhatsApp delivery signed over the exact bytes it parsed', async () => {
      const route = routeNamed('POST /webhooks/whatsapp');
      const body = JSON.stringify(buildWhatsappPayload([{ body: 'İyi günler 🌷' }]), null, 2);

      const response = await send(route, body, {
        'content-type': 'application/json',
        'x-hub-signature-256': signWhatsapp(body, SECRETS.whatsappApp),
      });

      expect(response.status).toBe(200);
    });
  });
});
