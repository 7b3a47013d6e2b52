import { AppConfig } from 'src/config/app-config';
import { OutboundKind } from 'src/replies/outbound-message.entity';
import { OutboundService } from 'src/replies/outbound.service';
import { PlatformClientRegistry } from 'src/replies/platform-client.registry';
import { PlatformHttpClient } from 'src/replies/platform-http.client';
import { PlatformSendError } from 'src/replies/platform-send.error';
import { WhatsappClient } from 'src/platforms/whatsapp/whatsapp.client';
import {
  buildWhatsappPayload,
  buildWhatsappStatusPayload,
  loadWhatsappFixture,
  newWamid,
  readWhatsappFixture,
  signWhatsapp,
  WHATSAPP_CUSTOMER,
  WHATSAPP_PHONE_NUMBER_ID,
} from 'test/factories/whatsapp-payload.factory';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds, truncateAll } from 'test/setup/test-database';
import { waitFor } from 'test/setup/wait-for';

const PATH = '/webhooks/whatsapp';
const SECRET = 'test-app-secret';
const VERIFY_TOKEN = 'verify-me-please';
const ACCESS_TOKEN = 'test-access-token';
const DEFAULT_PHONE_NUMBER_ID = '990000000000001';
const FINAL_MESSAGE_STATUSES = ['done', 'failed', 'dead'];

interface OutboundRow {
  id: number;
  status: string;
  external_id: string | null;
  attempts: number | string;
  last_error: string | null;
  recipient: string;
  kind: string;
}

interface MessageRow {
  external_id: string;
  platform: string;
  conversation_id: string;
  conversation_name: string | null;
  sender_id: string;
  sender_name: string | null;
  sender_phone: string | null;
  event_type: string;
  text: string;
  status: string;
  duplicate_count: number | string;
}

interface GraphSend {
  messaging_product: string;
  recipient_type: string;
  to: string;
  type: string;
  text: { preview_url: boolean; body: string };
  context?: { message_id: string };
}

// Generous: a busy CI machine only makes processing and sending later.
const WAIT_MS = 45_000;

// Generous bounds for a busy CI machine; every wait below ends as soon as its condition holds.
jest.setTimeout(90_000);

describe.each(testDatabaseKinds())('WhatsApp Cloud API webhook on %s', (kind) => {
  let database: TestDatabase;
  let sut: TestApp;
  let agent: StubHttpServer;
  let graph: StubHttpServer;
  // When each agent answer is (or will be) complete: the stand-in answers after `delayMs`.
  let agentAnswersAt: number[] = [];
  let graphSends = 0;

  const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    sut.dataSource.query<T[]>(sql, params);
  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await query<{ count: number | string }>(sql, params))[0].count);
  const outboundRows = (): Promise<OutboundRow[]> =>
    query<OutboundRow>('SELECT * FROM outbound_messages ORDER BY id');
  const graphPosts = (): GraphSend[] =>
    graph.requests.filter((r) => r.method === 'POST').map((r) => r.json as GraphSend);

  const deliver = (body: unknown, headers: Record<string, string> = {}): Promise<Response> => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    return sut.post(PATH, raw, { 'x-hub-signature-256': signWhatsapp(raw, SECRET), ...headers });
  };

  const answerAgents = (body: unknown, delayMs = 0): void => {
    agent.respondWith(() => {
      agentAnswersAt.push(Date.now() + delayMs);
      return { status: 200, body, delayMs };
    });
  };

  const answerGraph = (status = 200, headers: Record<string, string> = {}): void => {
    graph.respondWith(() => {
      graphSends += 1;
      return status === 200
        ? {
            status,
            body: {
              messaging_product: 'whatsapp',
              contacts: [{ input: WHATSAPP_CUSTOMER, wa_id: WHATSAPP_CUSTOMER }],
              messages: [{ id: `wamid.OUT${graphSends}` }],
            },
          }
        : {
            status,
            headers,
            body: {
              error: {
                message: '(#131030) Recipient phone number not in allowed list',
                code: 131030,
              },
            },
          };
    });
  };

  // Processing goes on after the 200; each test waits for it so the next starts clean.
  const settle = async (): Promise<void> => {
    await waitFor(
      () =>
        count(
          `SELECT COUNT(*) AS count FROM webhook_messages WHERE status NOT IN (${FINAL_MESSAGE_STATUSES.map(() => '?').join(', ')})`,
          FINAL_MESSAGE_STATUSES,
        ),
      (open) => open === 0,
      'messages to be processed',
      WAIT_MS,
    );
    await sut.app.get(OutboundService).whenIdle();
  };

  const waitForOutbound = (isDone: (rows: OutboundRow[]) => boolean, what: string) =>
    waitFor(outboundRows, isDone, what, WAIT_MS);

  // A customer writes, the agent answers, the answer goes out through the Graph API.
  const replyFlow = async (): Promise<{ inbound: string; outbound: OutboundRow }> => {
    answerAgents({ reply: 'Siparişiniz yarın kargoda.' });
    const inbound = newWamid();
    const response = await deliver(
      buildWhatsappPayload([{ id: inbound, body: 'Siparişim nerede?' }]),
    );
    expect(response.status).toBe(200);
    const [outbound] = await waitForOutbound(
      (rows) => rows.length === 1 && rows[0].status === 'sent',
      'the reply to be sent',
    );
    await settle();
    return { inbound, outbound };
  };

  beforeAll(async () => {
    agent = await StubHttpServer.start();
    graph = await StubHttpServer.start();
    database = await TestDatabase.create(kind);
    sut = await TestApp.start(database, {
      WHATSAPP_APP_SECRET: SECRET,
      WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
      WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN,
      WHATSAPP_PHONE_NUMBER_ID: DEFAULT_PHONE_NUMBER_ID,
      WHATSAPP_API_BASE_URL: `${graph.url}/v21.0`,
      AGENT_GENERAL_PURPOSE_URL: agent.url,
      AGENT_BUSINESS_WORKFLOW_URL: agent.url,
      AGENT_CODE_DEBUGGER_URL: agent.url,
      AGENT_HUB_URL: agent.url,
      // No test here needs an agent to time out; a loaded CI machine must not make one.
      AGENT_TIMEOUT_MS: '10000',
      OUTBOUND_MAX_BACKOFF_MS: '50',
    });
  }, 180_000);

  beforeEach(async () => {
    await truncateAll(sut.dataSource);
    agent.reset();
    graph.reset();
    agentAnswersAt = [];
    graphSends = 0;
    answerAgents({ status: 'accepted' });
    answerGraph();
  });

  afterEach(async () => {
    if (sut) {
      await settle();
    }
  });

  afterAll(async () => {
    await sut?.close();
    await database?.drop();
    await agent?.stop();
    await graph?.stop();
  });

  describe('GET verification handshake', () => {
    it('should echo the challenge as plain text for subscribe and the right token', async () => {
      const response = await sut.get(
        `${PATH}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${VERIFY_TOKEN}`,
      );

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toBe('1158201444');
    });

    it.each([
      ['a wrong token', 'hub.mode=subscribe&hub.challenge=1&hub.verify_token=guess'],
      ['another mode', `hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=${VERIFY_TOKEN}`],
      ['no token', 'hub.mode=subscribe&hub.challenge=1'],
      ['no challenge', `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}`],
      ['nested keys', `hub[mode]=subscribe&hub[challenge]=1&hub[verify_token]=${VERIFY_TOKEN}`],
      ['nothing', ''],
    ])('should refuse %s with 403', async (_case, search) => {
      const response = await sut.get(`${PATH}?${search}`);

      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain(VERIFY_TOKEN);
    });
  });

  describe('POST signature', () => {
    it('should refuse a wrong, missing or malformed signature and a re-serialised body with 401 and store nothing', async () => {
      const raw = readWhatsappFixture('whatsapp-text');
      const signature = signWhatsapp(raw, SECRET);
      const cases: [string, Record<string, string>][] = [
        [raw, { 'x-hub-signature-256': signWhatsapp(raw, 'wrong-secret') }],
        [raw, { 'x-hub-signature-256': '' }],
        [raw, { 'x-hub-signature-256': signature.replace('sha256=', 'sha1=') }],
        [raw, { 'x-hub-signature-256': `${signature.slice(0, -2)}00` }],
        // Same JSON, other bytes: what a body parsed and stringified again looks like.
        [JSON.stringify(JSON.parse(raw)), { 'x-hub-signature-256': signature }],
      ];

      const missing = await sut.post(PATH, raw);
      expect(missing.status).toBe(401);
      for (const [body, headers] of cases) {
        const response = await sut.post(PATH, body, headers);
        expect(response.status).toBe(401);
        expect(await response.text()).not.toContain(signature.slice(7));
      }
      expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(0);
      expect(agent.requests).toHaveLength(0);
    });

    it('should check the signature on the raw bytes of a body with escaped unicode, emoji and Turkish', async () => {
      const wamid = newWamid();
      const raw = JSON.stringify(buildWhatsappPayload([{ id: wamid, body: 'PLACEHOLDER' }]))
        // Meta is said to escape non-ASCII; mix both forms in one body.
        .replace('PLACEHOLDER', '\\ud83d\\ude00 Acil! 😀 Çağrı \\u0130\\u011f İĞÜŞÖ ığüşöç');

      const reserialised = await sut.post(PATH, JSON.stringify(JSON.parse(raw)), {
        'x-hub-signature-256': signWhatsapp(raw, SECRET),
      });
      const signed = await deliver(raw);

      expect(reserialised.status).toBe(401);
      expect(signed.status).toBe(200);
      const rows = await query<MessageRow>('SELECT * FROM webhook_messages');
      expect(rows).toHaveLength(1);
      expect(Buffer.from(rows[0].text, 'utf8')).toEqual(
        Buffer.from('😀 Acil! 😀 Çağrı İğ İĞÜŞÖ ığüşöç', 'utf8'),
      );
    });
  });

  describe('POST messages', () => {
    it('should store a text message, route it and send the agent reply through the Graph API once', async () => {
      answerAgents({ reply: 'Siparişiniz yarın kargoda 🚲' });
      const payload = loadWhatsappFixture('whatsapp-text');
      const wamid =
        'wamid.HBgMOTA1NTUxMjM0NTY3FQIAEhggQTdGMkM5RTE0QjNEMDVBNjE4QjI3QzlFMEQ0RjY1QTIA';

      const response = await deliver(payload);

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'received', messages: 1, statuses: 0 });
      const rows = await query<MessageRow>('SELECT * FROM webhook_messages');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        platform: 'whatsapp',
        external_id: wamid,
        conversation_id: WHATSAPP_CUSTOMER,
        conversation_name: 'Derya Yılmaz',
        sender_id: WHATSAPP_CUSTOMER,
        sender_name: 'Derya Yılmaz',
        sender_phone: '+905551234567',
        event_type: 'message',
        text: 'Merhaba, bisikletim ne zaman gelir?',
      });
      const [sent] = await waitForOutbound(
        (all) => all.length === 1 && all[0].status === 'sent',
        'the reply to be sent',
      );
      expect(sent).toMatchObject({ external_id: 'wamid.OUT1', recipient: WHATSAPP_CUSTOMER });
      expect(Number(sent.attempts)).toBe(1);
      expect(agent.requests).toHaveLength(1);
      expect(agent.requests[0].json).toMatchObject({
        message_id: wamid,
        platform: 'whatsapp',
        conversation_id: WHATSAPP_CUSTOMER,
        text: 'Merhaba, bisikletim ne zaman gelir?',
      });
      expect(graph.requests).toHaveLength(1);
      const [request] = graph.requests;
      expect(request.method).toBe('POST');
      expect(request.path).toBe(`/v21.0/${WHATSAPP_PHONE_NUMBER_ID}/messages`);
      expect(request.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
      expect(request.headers['content-type']).toMatch(/^application\/json/);
      expect(request.json).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: WHATSAPP_CUSTOMER,
        type: 'text',
        text: { preview_url: false, body: 'Siparişiniz yarın kargoda 🚲' },
        context: { message_id: wamid },
      });
    });

    it('should store every message of a batch and answer before any agent has finished', async () => {
      answerAgents({ status: 'accepted' }, 1500);

      const response = await deliver(loadWhatsappFixture('whatsapp-batch'));
      const answeredAt = Date.now();

      expect(response.status).toBe(200);
      expect(agentAnswersAt.filter((at) => at <= answeredAt)).toHaveLength(0);
      expect(await response.json()).toEqual({ status: 'received', messages: 3, statuses: 1 });
      const rows = await query<MessageRow>(
        'SELECT external_id, conversation_id, event_type, text FROM webhook_messages ORDER BY id',
      );
      expect(rows.map((row) => [row.conversation_id, row.event_type, row.text]).sort()).toEqual(
        [
          ['4791234567', 'reaction', '👍'],
          ['905337654321', 'click', 'Medium frame'],
          ['905551234567', 'message', 'Siparişim hâlâ gelmedi.'],
        ].sort(),
      );
      await settle();
      expect(agent.requests).toHaveLength(3);
      expect(
        await count("SELECT COUNT(*) AS count FROM webhook_messages WHERE status = 'done'"),
      ).toBe(3);
    });

    it('should store a type it does not know and answer 200', async () => {
      const payload = buildWhatsappPayload([
        { type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] },
        { type: 'brand_new_type', brand_new_type: { anything: true } },
      ]);

      const response = await deliver(payload);

      expect(response.status).toBe(200);
      const rows = await query<MessageRow>('SELECT event_type, text FROM webhook_messages');
      expect(rows.map((row) => [row.event_type, row.text]).sort()).toEqual([
        ['brand_new_type', ''],
        ['unsupported', ''],
      ]);
    });

    it('should refuse a malformed body with 400 naming the fields and store nothing', async () => {
      const cases: [unknown, string][] = [
        [{ object: 'page', entry: [] }, 'object'],
        [{ object: 'whatsapp_business_account', entry: {} }, 'entry'],
        [buildWhatsappPayload([{ id: 42, body: 'hi' }]), 'entry.0.changes.0.value.messages.0.id'],
        [
          buildWhatsappPayload([{ text: { body: 7 } }]),
          'entry.0.changes.0.value.messages.0.text.body',
        ],
        [
          buildWhatsappPayload([{ body: 'broken \ud800 surrogate' }]),
          'entry.0.changes.0.value.messages.0.text.body',
        ],
      ];

      for (const [body, field] of cases) {
        const response = await deliver(body);
        expect(response.status).toBe(400);
        const answer = (await response.json()) as { fields: { field: string }[] };
        expect(answer.fields.map((f) => f.field)).toContain(field);
      }
      expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(0);
    });

    it('should process a repeated delivery once: one row, one agent call, one Graph send', async () => {
      answerAgents({ reply: 'Tamam, bakıyorum.' }, 100);
      const raw = JSON.stringify(buildWhatsappPayload([{ body: 'Kargom nerede?' }]));

      const first = await Promise.all([deliver(raw), deliver(raw)]);
      const later = await deliver(raw);

      expect([...first, later].map((response) => response.status)).toEqual([200, 200, 200]);
      await waitForOutbound((rows) => rows.some((row) => row.status === 'sent'), 'the reply');
      await settle();
      const rows = await query<MessageRow>('SELECT status, duplicate_count FROM webhook_messages');
      expect(rows).toHaveLength(1);
      expect(Number(rows[0].duplicate_count)).toBe(2);
      expect(agent.requests).toHaveLength(1);
      expect(await outboundRows()).toHaveLength(1);
      expect(graphPosts()).toHaveLength(1);
    });
  });

  describe('POST statuses', () => {
    it('should move the sent reply to delivered then read, storing and routing nothing', async () => {
      const { outbound } = await replyFlow();
      const wamid = outbound.external_id ?? '';

      const delivered = await deliver(
        buildWhatsappStatusPayload([{ id: wamid, status: 'delivered' }]),
      );
      expect(delivered.status).toBe(200);
      expect(await delivered.json()).toEqual({ status: 'received', messages: 0, statuses: 1 });
      expect((await outboundRows())[0].status).toBe('delivered');
      const read = await deliver(buildWhatsappStatusPayload([{ id: wamid, status: 'read' }]));

      expect(read.status).toBe(200);
      expect((await outboundRows())[0].status).toBe('read');
      expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(1);
      expect(await count('SELECT COUNT(*) AS count FROM analytics_results')).toBe(1);
      expect(await count('SELECT COUNT(*) AS count FROM agent_routing')).toBe(1);
      expect(agent.requests).toHaveLength(1);
      expect(graph.requests).toHaveLength(1);
    });

    it('should keep read when delivered arrives after it, and ignore statuses it does not track', async () => {
      const { outbound } = await replyFlow();
      const wamid = outbound.external_id ?? '';

      await deliver(buildWhatsappStatusPayload([{ id: wamid, status: 'read' }]));
      const late = await deliver(
        buildWhatsappStatusPayload([
          { id: wamid, status: 'delivered' },
          { id: wamid, status: 'played' },
        ]),
      );

      expect(late.status).toBe(200);
      expect((await outboundRows())[0].status).toBe('read');
    });

    it("should mark the reply failed with Meta's code and title, never its message text", async () => {
      const { outbound } = await replyFlow();
      const payload = buildWhatsappStatusPayload([
        {
          id: outbound.external_id ?? '',
          status: 'failed',
          errors: [
            { code: 131047, title: 'Re-engagement message', message: 'quoted: Siparişiniz yarın' },
          ],
        },
      ]);

      const response = await deliver(payload);

      expect(response.status).toBe(200);
      const [row] = await outboundRows();
      expect(row.status).toBe('failed');
      expect(row.last_error).toBe('WhatsApp error 131047: Re-engagement message');
      expect(agent.requests).toHaveLength(1);
    });

    it('should handle a delivery carrying both a new message and a status report', async () => {
      const { outbound } = await replyFlow();
      answerAgents({ status: 'accepted' });
      const payload = buildWhatsappPayload([{ body: 'Teşekkürler!' }], {
        statuses: [{ id: outbound.external_id ?? '', status: 'delivered' }],
      });

      const response = await deliver(payload);

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'received', messages: 1, statuses: 1 });
      expect((await outboundRows())[0].status).toBe('delivered');
      expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(2);
      await settle();
      expect(agent.requests).toHaveLength(2);
    });
  });

  describe('Graph API sends', () => {
    it('should retry a 429 after its Retry-After and end sent with 2 attempts', async () => {
      answerAgents({ reply: 'Hemen bakıyorum.' });
      let calls = 0;
      graph.respondWith(() => {
        calls += 1;
        return calls === 1
          ? {
              status: 429,
              headers: { 'retry-after': '1' },
              body: { error: { message: 'rate', code: 130429 } },
            }
          : { status: 200, body: { messages: [{ id: 'wamid.AFTER429' }] } };
      });

      await deliver(buildWhatsappPayload([{ body: 'Bisikletim bozuldu' }]));

      const [row] = await waitForOutbound(
        (rows) => rows.length === 1 && ['sent', 'failed'].includes(rows[0].status),
        'the reply to end',
      );
      expect(row.status).toBe('sent');
      expect(row.external_id).toBe('wamid.AFTER429');
      expect(Number(row.attempts)).toBe(2);
      expect(graph.requests).toHaveLength(2);
      expect(graph.requests[1].json).toEqual(graph.requests[0].json);
    });

    it('should mark a reply the Graph API refuses with 400 failed with the error, without retrying', async () => {
      answerAgents({ reply: 'Hemen bakıyorum.' });
      answerGraph(400);

      await deliver(buildWhatsappPayload([{ body: 'Bisikletim bozuldu' }]));

      const [row] = await waitForOutbound(
        (rows) => rows.length === 1 && ['sent', 'failed'].includes(rows[0].status),
        'the reply to end',
      );
      expect(row.status).toBe('failed');
      expect(row.last_error).toContain('HTTP 400');
      expect(row.last_error).toContain('131030');
      expect(row.last_error).not.toContain(ACCESS_TOKEN);
      expect(Number(row.attempts)).toBe(1);
      expect(graph.requests).toHaveLength(1);
    });

    it('should keep a proactive message to a number that never wrote as needs_template and send nothing', async () => {
      const outbound = sut.app.get(OutboundService);

      const id = await outbound.queueProactive({
        platform: 'whatsapp',
        recipient: '905559999999',
        text: 'Kampanya!',
        conversationId: null,
      });
      await outbound.whenIdle();

      const [row] = await outboundRows();
      expect(row).toMatchObject({ id, status: 'needs_template', kind: OutboundKind.Proactive });
      expect(graph.requests).toHaveLength(0);
    });

    it('should send a proactive message within 24 hours from the configured number without context', async () => {
      await deliver(buildWhatsappPayload([{ body: 'Merhaba' }]));
      await settle();
      const outbound = sut.app.get(OutboundService);

      await outbound.queueProactive({
        platform: 'whatsapp',
        recipient: WHATSAPP_CUSTOMER,
        text: 'Siparişiniz yola çıktı.',
        conversationId: null,
      });
      await outbound.whenIdle();

      const [row] = await outboundRows();
      expect(row.status).toBe('sent');
      expect(graph.requests).toHaveLength(1);
      expect(graph.requests[0].path).toBe(`/v21.0/${DEFAULT_PHONE_NUMBER_ID}/messages`);
      expect(graph.requests[0].json).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: WHATSAPP_CUSTOMER,
        type: 'text',
        text: { preview_url: false, body: 'Siparişiniz yola çıktı.' },
      });
    });
  });

  describe(WhatsappClient.name, () => {
    const clientWith = (env: Record<string, string>): WhatsappClient =>
      new WhatsappClient(
        sut.app.get(PlatformHttpClient),
        AppConfig.fromEnv({
          LOG_LEVEL: 'silent',
          WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN,
          WHATSAPP_PHONE_NUMBER_ID: DEFAULT_PHONE_NUMBER_ID,
          WHATSAPP_API_BASE_URL: `${graph.url}/v21.0/`,
          ...env,
        }),
        new PlatformClientRegistry(),
      );
    const envelope = {
      id: 1,
      kind: OutboundKind.Reply,
      recipient: '+90 555 123 45 67',
      conversationId: null,
      text: 'hi',
      delivery: null,
    };

    it('should cut a long text to 4096 characters without splitting an emoji', async () => {
      const sut = clientWith({});

      const receipt = await sut.send({ ...envelope, text: `a${'😀'.repeat(5000)}` });

      expect(receipt).toEqual({ externalId: 'wamid.OUT1' });
      const sent = graphPosts()[0];
      expect(Array.from(sent.text.body)).toHaveLength(4096);
      expect(sent.text.body).toBe(`a${'😀'.repeat(4095)}`);
      expect(sent.to).toBe('905551234567');
      expect(graph.requests[0].path).toBe(`/v21.0/${DEFAULT_PHONE_NUMBER_ID}/messages`);
    });

    it.each<[string, Record<string, string>, Partial<typeof envelope>]>([
      ['without an access token', { WHATSAPP_ACCESS_TOKEN: '' }, {}],
      ['without a phone number id', { WHATSAPP_PHONE_NUMBER_ID: '' }, {}],
      ['to a recipient that is not a phone number', {}, { recipient: 'US.1349120865530' }],
    ])(
      'should refuse to send %s, not retryable and without a request',
      async (_case, env, change) => {
        const sut = clientWith(env);

        const sending = sut.send({ ...envelope, ...change });

        await expect(sending).rejects.toBeInstanceOf(PlatformSendError);
        await expect(sending).rejects.toMatchObject({ details: { isRetryable: false } });
        expect(graph.requests).toHaveLength(0);
      },
    );

    it('should be registered for whatsapp with a 24-hour window and proactive sends', () => {
      const registered = sut.app.get(PlatformClientRegistry).find('whatsapp');

      expect(registered).toBeInstanceOf(WhatsappClient);
      expect(registered).toMatchObject({
        isProactiveSupported: true,
        replyWindowMs: 24 * 60 * 60 * 1000,
      });
      expect(registered?.rateLimit).toBeUndefined();
    });
  });
});
