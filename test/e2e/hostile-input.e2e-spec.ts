import {
  adminReadRoutes,
  bodyRoutes,
  credentialedEnv,
  type RouteCase,
  SECRETS,
} from 'test/factories/route-catalogue.factory';
import { buildIzerPayload } from 'test/factories/izer-payload.factory';
import { buildKoreBotkitPayload } from 'test/factories/kore-botkit-payload.factory';
import { buildUserlikeWebhook } from 'test/factories/userlike-webhook.factory';
import { buildWhatsappPayload, signWhatsapp } from 'test/factories/whatsapp-payload.factory';
import { StubAgents } from 'test/setup/stub-agents';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds } from 'test/setup/test-database';

// Creating a MariaDB schema, migrating it and booting the app is slow on a busy machine.
const BOOT_TIMEOUT_MS = 120_000;
const BODY_LIMIT = 64 * 1024;

interface ErrorAnswer {
  statusCode: number;
  message: string;
  fields?: { field: string; errors: string[] }[];
}

const nested = (depth: number): string => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`;

// Bodies a parser would refuse in one way or another; credentials must be refused first.
const HOSTILE_BODIES: [string, string, Buffer | string][] = [
  ['broken JSON', 'application/json', '{"message_id": "x", '],
  ['a __proto__ key', 'application/json', '{"__proto__": {"isAdmin": true}, "a": 1}'],
  ['a constructor.prototype key', 'application/json', '{"constructor": {"prototype": {}}}'],
  ['JSON nested 200 deep', 'application/json', nested(200)],
  ['text/plain', 'text/plain', 'hello'],
  ['a form', 'application/x-www-form-urlencoded', 'a=1&b=2'],
  ['bytes that are not UTF-8', 'application/json', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d])],
  ['latin1', 'application/json; charset=latin1', '{"a":"\u00e7"}'],
  ['an empty body', 'application/json', ''],
  ['a body over the limit', 'application/json', `{"a":"${'x'.repeat(BODY_LIMIT)}"}`],
];

describe.each(testDatabaseKinds())('hostile input on %s', (kind) => {
  let database: TestDatabase;
  let agents: StubAgents;
  let api: StubHttpServer;
  let sut: TestApp;
  let routes: RouteCase[];

  const send = (
    route: Pick<RouteCase, 'method' | 'path'>,
    body: Buffer | string | undefined,
    headers: Record<string, string>,
  ): Promise<Response> => fetch(`${sut.url}${route.path}`, { method: route.method, headers, body });

  const writesOf = async (route: RouteCase): Promise<number[]> =>
    Promise.all(route.writes.map((sql) => sut.count(sql)));

  // Sends `body` with its right credentials (signed over exactly these bytes).
  const sendSigned = async (
    route: RouteCase,
    body: Buffer | string,
    contentType = 'application/json',
  ): Promise<Response> =>
    send(route, body, {
      'content-type': contentType,
      ...(await route.credentials(Buffer.from(body))),
    });

  const routeNamed = (name: string): RouteCase => {
    const route = routes.find((candidate) => candidate.name === name);
    if (!route) {
      throw new Error(`no route ${name}`);
    }
    return route;
  };

  const fieldsOf = async (response: Response): Promise<string[]> =>
    ((await response.json()) as ErrorAnswer).fields?.map((field) => field.field) ?? [];

  beforeAll(async () => {
    agents = await StubAgents.start();
    agents.answerWith({ status: 'accepted' });
    api = await StubHttpServer.start();
    database = await TestDatabase.create(kind);
    sut = await TestApp.start(database, {
      ...agents.env,
      ...credentialedEnv(api.url),
      BODY_LIMIT_BYTES: String(BODY_LIMIT),
      WHATSAPP_BODY_LIMIT_BYTES: String(BODY_LIMIT),
    });
    routes = bodyRoutes(api.url);
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await sut?.close();
    await database?.drop();
    await agents?.stop();
    await api?.stop();
  });

  describe('credentials before the body', () => {
    it.each(HOSTILE_BODIES)(
      'should answer 401 to %s without credentials on every POST route, and store nothing',
      async (_case, contentType, body) => {
        for (const route of [...routes, ...adminReadRoutes()]) {
          const before = await writesOf(route);

          const response = await send(route, route.method === 'GET' ? undefined : body, {
            'content-type': contentType,
          });

          expect([route.name, response.status]).toEqual([route.name, 401]);
          expect(await writesOf(route)).toEqual(before);
        }
      },
    );

    it('should answer 401 to wrong credentials whatever the body', async () => {
      const wrong: Record<string, Record<string, string>> = {
        '/webhook': { authorization: 'Bearer wrong' },
        '/webhooks/whatsapp': { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
        '/webhooks/userlike': { [SECRETS.userlikeHeader]: 'wrong' },
        '/webhooks/kindly': {
          'kindly-hmac': 'AAAA',
          'kindly-hmac-algorithm': 'HMAC-SHA-256 (base64 encoded)',
        },
        '/webhooks/kore': { authorization: 'Bearer wrong' },
        '/kore-webhook': { authorization: `Bearer ${SECRETS.admin}` },
        '/messages/proactive': { authorization: `Bearer ${SECRETS.izer}` },
      };
      for (const route of routes) {
        const headers = wrong[route.path] ?? { token: 'not.a.jwt', authorization: 'Bearer x' };
        for (const [, contentType, body] of HOSTILE_BODIES) {
          const response = await send(route, body, { 'content-type': contentType, ...headers });
          expect([route.name, response.status]).toEqual([route.name, 401]);
        }
      }
    });

    it('should answer the admin 401 with a bearer challenge and a generic message', async () => {
      const response = await send({ method: 'POST', path: '/admin/critical-groups' }, '{"name":', {
        'content-type': 'application/json',
        authorization: 'Bearer nope',
      });

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="admin"');
      const body = (await response.json()) as ErrorAnswer;
      expect(body.message).toBe('invalid or missing admin credentials');
      expect(JSON.stringify(body)).not.toContain(SECRETS.admin.slice(0, 8));
    });

    it('should check the body once the credentials are right', async () => {
      const izer = routeNamed('POST /webhook');

      expect((await sendSigned(izer, '{"message_id": ')).status).toBe(400);
      expect((await sendSigned(izer, '{"__proto__": {"a": 1}}')).status).toBe(400);
      expect((await sendSigned(izer, nested(200))).status).toBe(400);
      expect((await sendSigned(izer, 'hello', 'text/plain')).status).toBe(415);
      expect((await sendSigned(izer, `{"a":"${'x'.repeat(BODY_LIMIT)}"}`)).status).toBe(413);
    });

    it('should answer 401 to a signed body over the limit, whose signature cannot be checked unread', async () => {
      const whatsapp = routeNamed('POST /webhooks/whatsapp');
      const body = JSON.stringify({
        object: 'whatsapp_business_account',
        pad: 'x'.repeat(BODY_LIMIT),
      });

      const response = await sendSigned(whatsapp, body);

      expect(response.status).toBe(401);
    });
  });

  describe('text exactly as sent', () => {
    it('should refuse a body that is not valid UTF-8 with 400 on every POST route and store nothing', async () => {
      for (const route of routes) {
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
        const rows = await sut.dataSource.query<{ text: string }[]>(
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
        () => buildKoreBotkitPayload(api.url, { channel: { type: 'rtm', from: '\ud83d' } }),
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
          await sut.count(
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
