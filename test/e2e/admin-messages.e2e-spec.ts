import { Platform } from 'src/messages/inbound-message';
import { WebhookMessage } from 'src/messages/webhook-message.entity';
import { OutboundKind, OutboundMessage, OutboundStatus } from 'src/replies/outbound-message.entity';
import { buildIzerPayload } from 'test/factories/izer-payload.factory';
import {
  registerTestPlatformClient,
  type TestPlatformRequestBody,
} from 'test/factories/test-platform-client.factory';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds, truncateAll } from 'test/setup/test-database';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
// Migrating a fresh MySQL schema can take long on a busy machine.
const BOOT_TIMEOUT_MS = 120_000;
const AGENT_REPLY = 'Mağazamız hafta içi 09:00–18:00 arası açık.';

interface ErrorAnswer {
  statusCode: number;
  message: string;
  error?: string;
  fields?: { field: string; errors: string[] }[];
}

interface MessageDetail {
  id: number;
  platform: string;
  external_id: string;
  conversation_id: string;
  sender: { id: string; name: string | null; phone: string | null };
  text: string;
  raw_payload: unknown;
  status: string;
  history: { sender: string; content: string; message_id: number | null; sent_at: string | null }[];
  analysis: Record<string, unknown> | null;
  routing_attempts: Record<string, unknown>[];
  outbound: Record<string, unknown>[];
  [key: string]: unknown;
}

const agentEnv = (agent: StubHttpServer): Record<string, string> => ({
  AGENT_GENERAL_PURPOSE_URL: agent.url,
  AGENT_BUSINESS_WORKFLOW_URL: agent.url,
  AGENT_CODE_DEBUGGER_URL: agent.url,
  AGENT_HUB_URL: agent.url,
  // Generous: the agent stand-in answers at once, and a timeout would hide its HTTP status.
  AGENT_TIMEOUT_MS: '5000',
});

const fieldsOf = (body: ErrorAnswer): string[] =>
  (body.fields ?? []).map((field) => field.field).sort();

describe.each(testDatabaseKinds())('admin message routes on %s', (kind) => {
  let database: TestDatabase;
  let agent: StubHttpServer;
  let platformApi: StubHttpServer;
  let sut: TestApp;

  const count = async (table: string): Promise<number> => {
    const rows = await sut.dataSource.query<{ count: number | string }[]>(
      `SELECT COUNT(*) AS count FROM ${table}`,
    );
    return Number(rows[0].count);
  };

  async function outboundRowWhen(
    id: number,
    isDone: (row: OutboundMessage) => boolean,
  ): Promise<OutboundMessage> {
    for (let i = 0; i < 300; i += 1) {
      const row = await sut.dataSource.getRepository(OutboundMessage).findOneByOrFail({ id });
      if (isDone(row)) {
        return row;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`outbound message ${id} did not reach the expected state`);
  }

  beforeAll(async () => {
    agent = await StubHttpServer.start();
    platformApi = await StubHttpServer.start();
    database = await TestDatabase.create(kind);
    sut = await TestApp.start(database, {
      ...agentEnv(agent),
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      OUTBOUND_MAX_ATTEMPTS: '2',
      OUTBOUND_MAX_BACKOFF_MS: '50',
    });
    // İzer answers in its webhook and has no client of its own: the stand-in takes its place.
    registerTestPlatformClient(sut.app, Platform.Izer, platformApi.url);
  }, BOOT_TIMEOUT_MS);

  beforeEach(async () => {
    await truncateAll(sut.dataSource);
    agent.reset();
    agent.respondWith(() => ({ status: 200, body: { reply: AGENT_REPLY } }));
    platformApi.reset();
  });

  afterAll(async () => {
    await sut?.close();
    await database?.drop();
    await agent?.stop();
    await platformApi?.stop();
  });

  describe('authentication', () => {
    it.each([
      ['no Authorization header', {}],
      ['a wrong token', { authorization: 'Bearer admin-token-for-tests-0123456780' }],
      ['the token without the Bearer scheme', { authorization: ADMIN_TOKEN }],
      ['another scheme', { authorization: `Basic ${ADMIN_TOKEN}` }],
    ])('should answer 401 to %s on both routes and store nothing', async (_case, headers) => {
      const responses = [
        await sut.get('/messages/1', headers),
        await sut.post(
          '/messages/proactive',
          { platform: 'izer', recipient: 'u-1', text: 'hi' },
          headers,
        ),
      ];

      for (const response of responses) {
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="admin"');
        const text = await response.text();
        expect(JSON.parse(text)).toMatchObject({
          statusCode: 401,
          message: 'invalid or missing admin credentials',
        });
        expect(text).not.toContain(ADMIN_TOKEN.slice(0, 12));
      }
      expect(await count('outbound_messages')).toBe(0);
      expect(platformApi.requests).toHaveLength(0);
    });

    it('should check the token before the id', async () => {
      const response = await sut.get('/messages/abc');

      expect(response.status).toBe(401);
    });
  });

  describe('GET /messages/:id', () => {
    it.each(['abc', '0', '-1', '1.5', '1e3', '0x10', '2147483648', '%201'])(
      'should answer 400 naming id for %p',
      async (id) => {
        const response = await sut.get(`/messages/${id}`, ADMIN);

        expect(response.status).toBe(400);
        const body = (await response.json()) as ErrorAnswer;
        expect(fieldsOf(body)).toEqual(['id']);
      },
    );

    it('should answer 404 JSON for an id no message has', async () => {
      const response = await sut.get('/messages/987654', ADMIN);

      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(await response.json()).toEqual({
        statusCode: 404,
        error: 'NotFound',
        message: 'message 987654 not found',
      });
    });

    it('should show a message received through POST /webhook with its history, analysis, routing attempts and replies', async () => {
      const payload = buildIzerPayload({
        chat_name: 'Derya Yılmaz',
        phone_number: '+90 555 111 22 33',
        chat_time: '2025-03-03T11:10:00Z',
        current_message: 'Merhaba, mağaza kaçta açılıyor? 🚲',
        history: [
          {
            sender: 'Derya Yılmaz',
            content: 'Dün sipariş verdim.',
            timestamp: '2025-03-02T17:42:00Z',
            type: 'text',
          },
          {
            sender: 'İzer',
            content: 'Teşekkürler, siparişiniz hazırlanıyor.',
            timestamp: '2025-03-02T17:43:10Z',
            type: 'text',
          },
        ],
      });
      const webhook = await sut.post('/webhook', payload);
      expect(webhook.status).toBe(200);
      const answer = (await webhook.json()) as {
        database_id: number;
        analysis: Record<string, unknown>;
        routing: { agent: string };
      };
      // Another conversation, whose lines must not show.
      await sut.post('/webhook', buildIzerPayload({ phone_number: '+905559998877' }));
      // Where replies go can hold callback URLs and tokens: stored, never shown.
      await sut.dataSource.getRepository(WebhookMessage).update(answer.database_id, {
        replyTo: { recipient: 'r-1', delivery: { url: 'https://x.test/cb?token=SECRET-REPLY-TO' } },
      });
      const now = new Date();
      const outbound = await sut.dataSource.getRepository(OutboundMessage).save({
        messageId: answer.database_id,
        kind: OutboundKind.Reply,
        platform: Platform.Izer,
        conversationId: '+905551112233',
        recipient: '+905551112233',
        text: AGENT_REPLY,
        status: OutboundStatus.Sent,
        externalId: 'out-1',
        attempts: 1,
        lastError: null,
        delivery: { token: 'SECRET-DELIVERY' },
        createdAt: now,
        updatedAt: now,
        sentAt: now,
      });

      const response = await sut.get(`/messages/${answer.database_id}`, ADMIN);

      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).not.toContain('SECRET');
      const body = JSON.parse(text) as MessageDetail;
      expect(Object.keys(body).sort()).toEqual(
        [
          'id',
          'platform',
          'external_id',
          'conversation_id',
          'conversation_name',
          'sender',
          'event_type',
          'text',
          'attachments',
          'raw_payload',
          'status',
          'attempts',
          'last_error',
          'duplicate_count',
          'sent_at',
          'received_at',
          'processed_at',
          'processing_ms',
          'history',
          'analysis',
          'routing_attempts',
          'outbound',
        ].sort(),
      );
      expect(body).toMatchObject({
        id: answer.database_id,
        platform: 'izer',
        external_id: payload.message_id,
        conversation_id: '+905551112233',
        conversation_name: 'Derya Yılmaz',
        sender: { id: '+905551112233', name: 'Derya Yılmaz', phone: '+905551112233' },
        event_type: 'message',
        text: 'Merhaba, mağaza kaçta açılıyor? 🚲',
        attachments: [],
        raw_payload: payload,
        status: 'done',
        attempts: 1,
        last_error: null,
        duplicate_count: 0,
        sent_at: '2025-03-03T11:10:00.000Z',
      });
      expect(Number.isNaN(Date.parse(String(body.received_at)))).toBe(false);
      expect(Number.isNaN(Date.parse(String(body.processed_at)))).toBe(false);
      expect(typeof body.processing_ms).toBe('number');
      expect(body.history.map((line) => [line.sender, line.content, line.sent_at])).toEqual([
        ['Derya Yılmaz', 'Dün sipariş verdim.', '2025-03-02T17:42:00.000Z'],
        ['İzer', 'Teşekkürler, siparişiniz hazırlanıyor.', '2025-03-02T17:43:10.000Z'],
        ['Derya Yılmaz', 'Merhaba, mağaza kaçta açılıyor? 🚲', '2025-03-03T11:10:00.000Z'],
      ]);
      expect(body.history.every((line) => line.message_id === answer.database_id)).toBe(true);
      expect(body.analysis).toEqual({
        ...answer.analysis,
        language: expect.any(String) as unknown,
        analyzer: 'heuristic',
        model: expect.stringMatching(/^triage-/) as unknown,
        reasoning: expect.any(String) as unknown,
      });
      expect(body.routing_attempts).toEqual([
        {
          agent: answer.routing.agent,
          attempt: 1,
          is_fallback: false,
          status: 'succeeded',
          http_status: 200,
          latency_ms: expect.any(Number) as unknown,
          error: null,
          created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
        },
      ]);
      expect(body.outbound).toEqual([
        {
          id: outbound.id,
          kind: 'reply',
          status: 'sent',
          recipient: '+905551112233',
          text: AGENT_REPLY,
          attempts: 1,
          last_error: null,
          external_id: 'out-1',
          created_at: now.toISOString(),
          sent_at: now.toISOString(),
        },
      ]);
    });

    it('should show a failed agent call and a message without analysis', async () => {
      agent.respondWith(() => ({ status: 503, body: { error: 'down' } }));
      const webhook = await sut.post('/webhook', buildIzerPayload());
      const { database_id: id } = (await webhook.json()) as { database_id: number };
      await sut.dataSource.query('DELETE FROM analytics_results');

      const response = await sut.get(`/messages/${id}`, ADMIN);

      expect(response.status).toBe(200);
      const body = (await response.json()) as MessageDetail;
      expect(body.status).toBe('failed');
      expect(body.analysis).toBeNull();
      expect(body.routing_attempts.length).toBeGreaterThan(0);
      expect(body.routing_attempts.every((attempt) => attempt.status !== 'succeeded')).toBe(true);
      expect(body.routing_attempts[0]).toMatchObject({ status: 'failed', http_status: 503 });
      expect(body.outbound).toEqual([]);
    });
  });

  describe('POST /messages/proactive', () => {
    it.each<[string, Record<string, unknown>, string[]]>([
      ['an empty body', {}, ['platform', 'recipient', 'text']],
      ['an unknown platform', { platform: 'telegram', recipient: 'u-1', text: 'hi' }, ['platform']],
      ['a platform of the wrong type', { platform: 3, recipient: 'u-1', text: 'hi' }, ['platform']],
      [
        'a recipient with surrounding space',
        { platform: 'izer', recipient: ' u-1', text: 'hi' },
        ['recipient'],
      ],
      ['an empty recipient', { platform: 'izer', recipient: '', text: 'hi' }, ['recipient']],
      [
        'a recipient of 192 characters',
        { platform: 'izer', recipient: 'u'.repeat(192), text: 'hi' },
        ['recipient'],
      ],
      [
        'a WhatsApp recipient that is no number',
        { platform: 'whatsapp', recipient: 'derya@example.com', text: 'hi' },
        ['recipient'],
      ],
      [
        'a WhatsApp number with spaces',
        { platform: 'whatsapp', recipient: '+90 555 111 22 33', text: 'hi' },
        ['recipient'],
      ],
      ['an empty text', { platform: 'izer', recipient: 'u-1', text: '' }, ['text']],
      ['a blank text', { platform: 'izer', recipient: 'u-1', text: ' \n ' }, ['text']],
      [
        'a text of 4097 characters',
        { platform: 'izer', recipient: 'u-1', text: 'a'.repeat(4097) },
        ['text'],
      ],
      [
        'a text with a lone surrogate',
        { platform: 'izer', recipient: 'u-1', text: 'hi \ud83d' },
        ['text'],
      ],
      [
        'a conversation id of 192 characters',
        { platform: 'izer', recipient: 'u-1', text: 'hi', conversation_id: 'c'.repeat(192) },
        ['conversation_id'],
      ],
    ])(
      'should answer 400 naming the fields for %s and store nothing',
      async (_case, body, fields) => {
        const response = await sut.post('/messages/proactive', body, ADMIN);

        expect(response.status).toBe(400);
        const answer = (await response.json()) as ErrorAnswer;
        expect(fieldsOf(answer)).toEqual(fields);
        expect(await count('outbound_messages')).toBe(0);
      },
    );

    it('should answer 422 for a platform that takes no proactive messages and store nothing', async () => {
      const response = await sut.post(
        '/messages/proactive',
        { platform: 'kindly', recipient: 'user-1', text: 'Hello!' },
        ADMIN,
      );

      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({
        statusCode: 422,
        error: 'PlatformUnsupported',
      });
      expect(await count('outbound_messages')).toBe(0);
    });

    it('should queue the message, answer 202 with its id and send it through the platform client', async () => {
      platformApi.respondWith(() => ({ status: 200, body: { id: 'platform-msg-1' } }));

      const response = await sut.post(
        '/messages/proactive',
        {
          platform: 'izer',
          recipient: '+905551112233',
          text: 'Siparişiniz yola çıktı 🚲',
          conversation_id: 'conv-9',
          unknown_field: 'stripped',
        },
        ADMIN,
      );

      expect(response.status).toBe(202);
      const body = (await response.json()) as { id: number; status: string };
      expect(body).toEqual({ id: expect.any(Number) as unknown, status: 'queued' });
      const row = await outboundRowWhen(body.id, (r) => r.status !== OutboundStatus.Queued);
      expect(row).toMatchObject({
        kind: OutboundKind.Proactive,
        platform: 'izer',
        messageId: null,
        conversationId: 'conv-9',
        recipient: '+905551112233',
        text: 'Siparişiniz yola çıktı 🚲',
        status: OutboundStatus.Sent,
        externalId: 'platform-msg-1',
        attempts: 1,
      });
      expect(platformApi.requests.map((r) => r.json as TestPlatformRequestBody)).toEqual([
        {
          to: '+905551112233',
          conversation_id: 'conv-9',
          kind: 'proactive',
          text: 'Siparişiniz yola çıktı 🚲',
        },
      ]);
    });

    it('should record a send the platform refuses as failed with the reason', async () => {
      platformApi.respondWith(() => ({ status: 400, body: { message: 'unknown recipient' } }));

      const response = await sut.post(
        '/messages/proactive',
        { platform: 'izer', recipient: 'nobody', text: 'Hello!' },
        ADMIN,
      );

      expect(response.status).toBe(202);
      const { id } = (await response.json()) as { id: number };
      const row = await outboundRowWhen(id, (r) => r.status !== OutboundStatus.Queued);
      expect(row.status).toBe(OutboundStatus.Failed);
      expect(row.lastError).toContain('HTTP 400 (unknown recipient)');
      expect(platformApi.requests).toHaveLength(1);
    });
  });
});

describe.each(testDatabaseKinds())('admin message routes without ADMIN_API_TOKEN on %s', (kind) => {
  let database: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    database = await TestDatabase.create(kind);
    sut = await TestApp.start(database);
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await sut?.close();
    await database?.drop();
  });

  it.each([
    ['GET /messages/1 without a token', () => sut.get('/messages/1')],
    ['GET /messages/1 with a token', () => sut.get('/messages/1', ADMIN)],
    [
      'POST /messages/proactive',
      () =>
        sut.post('/messages/proactive', { platform: 'izer', recipient: 'u', text: 'hi' }, ADMIN),
    ],
  ])('should answer 503 "admin API disabled" to %s', async (_case, call) => {
    const response = await call();

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ statusCode: 503, message: 'admin API disabled' });
    const rows = await sut.dataSource.query<{ count: number | string }[]>(
      'SELECT COUNT(*) AS count FROM outbound_messages',
    );
    expect(Number(rows[0].count)).toBe(0);
  });
});
