import { shippedTriageOf } from 'test/factories/triage-model.factory';
import {
  type AgentRequestBody,
  CONTEXT_KEYS,
  KindlyHarness,
  SECRET,
  TRIAGE_NOTICE,
} from 'test/factories/kindly-harness';
import {
  buildKindlyPayload,
  KINDLY_ALGORITHM_HEADER,
  seedKindlyPayload,
  signKindlyBody,
} from 'test/factories/kindly-payload.factory';
import { buildKindlyTranscript } from 'test/factories/kindly-transcript.factory';
import { type StubHttpServer } from 'test/setup/stub-http-server';
import { type TestApp } from 'test/setup/test-app';
import { testDatabaseKinds } from 'test/setup/test-database';

// Migrating a fresh MariaDB schema and booting the app can take a while on a busy machine.
const BOOT_TIMEOUT_MS = 120_000;

describe.each(testDatabaseKinds())('POST /webhooks/kindly on %s', (kind) => {
  const h = new KindlyHarness();
  const { count, deliver, answerOf, transcriptUrl } = h;
  let sut: TestApp;
  let agent: StubHttpServer;
  let kindlyApi: StubHttpServer;

  beforeAll(async () => {
    await h.start(kind);
    ({ sut, agent, kindlyApi } = h);
  }, BOOT_TIMEOUT_MS);

  beforeEach(() => h.reset());

  afterAll(() => h.stop());

  it("should answer the agent's reply and the triage in new_context", async () => {
    const payload = { ...seedKindlyPayload(), _links: undefined };

    const answer = await answerOf(await deliver(payload));

    expect(answer).toEqual({
      reply: 'Your order ships tomorrow.',
      new_context: {
        triage_status: 'complete',
        triage_message_id: expect.any(Number) as number,
        urgency_score: shippedTriageOf('where is my order').urgencyScore,
        category: 'support',
        priority_level: 'normal',
        sentiment: 'neutral',
        action_required: true,
      },
    });
    expect(agent.requests).toHaveLength(1);
    const call = agent.requests[0].json as AgentRequestBody;
    expect(call).toMatchObject({ conversation_id: payload.chat_id, text: 'where is my order' });
    const rows = await sut.dataSource.query<Record<string, unknown>[]>(
      'SELECT id, platform, external_id, conversation_id, sender_id, status FROM webhook_messages',
    );
    expect(rows).toEqual([
      {
        id: answer.new_context.triage_message_id,
        platform: 'kindly',
        external_id: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) as string,
        conversation_id: payload.chat_id,
        sender_id: payload.user_id,
        status: 'done',
      },
    ]);
    const replies = await sut.dataSource.query<{ text: string; status: string }[]>(
      'SELECT text, status FROM outbound_messages',
    );
    expect(replies).toEqual([{ text: 'Your order ships tomorrow.', status: 'sent' }]);
  });

  it('should leave the reply out when the agent has none and the message is not urgent', async () => {
    agent.respondWith(() => ({ status: 200, body: { status: 'accepted' } }));

    const answer = await answerOf(await deliver(buildKindlyPayload({ _links: undefined })));

    expect(Object.keys(answer)).toEqual(['new_context']);
    expect(Object.keys(answer.new_context).sort()).toEqual(CONTEXT_KEYS);
    expect(answer.new_context.triage_status).toBe('complete');
    expect(await count('SELECT COUNT(*) AS count FROM outbound_messages')).toBe(0);
  });

  it('should answer an urgent message without agent reply with a triage notice, and repeat it on redelivery', async () => {
    agent.respondWith(() => ({ status: 200, body: { status: 'accepted' } }));
    const payload = buildKindlyPayload({
      message: 'URGENT: there is a fire in the shop, the e-bike battery exploded!',
      _links: undefined,
    });

    const first = await answerOf(await deliver(payload));
    const repeat = await answerOf(await deliver(payload));

    expect(first.reply).toBe(TRIAGE_NOTICE);
    expect(first.new_context).toMatchObject({
      priority_level: 'critical',
      triage_status: 'complete',
    });
    expect(repeat).toEqual(first);
    const replies = await sut.dataSource.query<{ text: string; status: string }[]>(
      'SELECT text, status FROM outbound_messages',
    );
    expect(replies).toEqual([{ text: TRIAGE_NOTICE, status: 'sent' }]);
  });

  it('should refuse wrong or missing signatures with 401 and store, fetch and route nothing', async () => {
    const payload = buildKindlyPayload();
    payload._links = { chat: transcriptUrl(payload) };
    const body = JSON.stringify(payload);
    const signature = signKindlyBody(body, SECRET);
    const attempts: [string, Record<string, string>][] = [
      [
        body,
        {
          'kindly-hmac': signKindlyBody(body, 'another-secret'),
          'kindly-hmac-algorithm': KINDLY_ALGORITHM_HEADER,
        },
      ],
      [body, { 'kindly-hmac-algorithm': KINDLY_ALGORITHM_HEADER }],
      [body, { 'kindly-hmac': signature }],
      [
        body,
        { 'kindly-hmac': signature, 'kindly-hmac-algorithm': 'HMAC-SHA-512 (base64 encoded)' },
      ],
      [
        body,
        {
          'kindly-hmac': Buffer.from(signature, 'base64').toString('hex'),
          'kindly-hmac-algorithm': KINDLY_ALGORITHM_HEADER,
        },
      ],
      // Same JSON, re-serialised after signing.
      [
        JSON.stringify(payload, null, 2),
        { 'kindly-hmac': signature, 'kindly-hmac-algorithm': KINDLY_ALGORITHM_HEADER },
      ],
      // A signed body that is not valid either: the signature is checked first.
      ['{}', { 'kindly-hmac': signature, 'kindly-hmac-algorithm': KINDLY_ALGORITHM_HEADER }],
    ];

    for (const [raw, headers] of attempts) {
      const response = await deliver(raw, headers);
      expect(response.status).toBe(401);
      const text = await response.text();
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(signature);
    }
    expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(0);
    expect(kindlyApi.requests).toHaveLength(0);
    expect(agent.requests).toHaveLength(0);
  });

  it('should process a repeat delivery once and answer it the same', async () => {
    const payload = buildKindlyPayload();
    payload._links = { chat: transcriptUrl(payload) };

    const first = await answerOf(await deliver(payload));
    const repeat = await answerOf(await deliver(payload));
    // Kindly may re-serialise on a retry; the body is signed again and still the same delivery.
    const reserialised = await answerOf(await deliver(JSON.stringify(payload, null, 1)));

    expect(repeat).toEqual(first);
    expect(reserialised).toEqual(first);
    expect(agent.requests).toHaveLength(1);
    expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(1);
    expect(await count('SELECT duplicate_count AS count FROM webhook_messages')).toBe(2);
    expect(await count('SELECT COUNT(*) AS count FROM outbound_messages')).toBe(1);
  });

  it('should process concurrent identical deliveries once and answer all alike', async () => {
    agent.respondWith(() => ({ status: 200, body: { reply: 'on it' }, delayMs: 150 }));
    const payload = buildKindlyPayload({ _links: undefined });

    const answers = await Promise.all(
      Array.from({ length: 4 }, async () => answerOf(await deliver(payload))),
    );

    for (const answer of answers) {
      expect(answer).toEqual(answers[0]);
    }
    expect(answers[0].reply).toBe('on it');
    expect(agent.requests).toHaveLength(1);
    expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(1);
  });

  it('should store emoji and Turkish text byte for byte', async () => {
    const text = 'Acil!!! 🚲🔥 Siparişim gelmedi, İĞÜŞÖÇ ığüşöç 👩‍👩‍👧‍👦 e\u0301';
    const payload = buildKindlyPayload({
      message: text,
      user_id: 'Çağrı Öztürk 🚴',
      context: { şehir: 'İstanbul 🌉' },
    });
    payload._links = { chat: transcriptUrl(payload) };
    kindlyApi.respondWith(() => ({
      status: 200,
      body: buildKindlyTranscript(payload.chat_id, text),
    }));

    await answerOf(await deliver(payload));

    const rows = await sut.dataSource.query<{ text: string; sender_id: string }[]>(
      'SELECT text, sender_id FROM webhook_messages',
    );
    expect(Buffer.from(rows[0].text, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(rows[0].sender_id).toBe('Çağrı Öztürk 🚴');
    const lines = await sut.dataSource.query<{ content: string }[]>(
      'SELECT content FROM message_history ORDER BY sent_at, id',
    );
    expect(lines[0].content).toBe('Merhaba! Siparişim için yazıyorum 🚲');
    expect(lines.filter((line) => line.content === text)).toHaveLength(1);
  });

  it('should refuse invalid bodies with 400 naming each bad field and store nothing', async () => {
    const cases: [unknown, string[]][] = [
      [{}, ['chat_id']],
      [{ chat_id: 42 }, ['chat_id']],
      [{ chat_id: 'c'.repeat(192) }, ['chat_id']],
      [{ chat_id: 'c', message: 12 }, ['message']],
      [{ chat_id: 'c', message: 'broken \ud800 surrogate' }, ['message']],
      [{ chat_id: 'c', _links: { chat: 7 } }, ['_links.chat']],
      [{ chat_id: 'c', exchange: { exchange_id: ['x'] } }, ['exchange.exchange_id']],
      [{ chat_id: 'c', context: 'text' }, ['context']],
      [{ chat_id: 'c', attachments: {} }, ['attachments']],
      [{ chat_id: 'c', bot_id: { id: 1 } }, ['bot_id']],
    ];

    for (const [body, fields] of cases) {
      const response = await deliver(JSON.stringify(body));
      expect(response.status).toBe(400);
      const answer = (await response.json()) as { fields: { field: string }[] };
      expect(answer.fields.map((f) => f.field).sort()).toEqual([...fields].sort());
    }
    for (const raw of ['[1,2]', 'null', '{"chat_id": ']) {
      expect((await deliver(raw)).status).toBe(400);
    }
    expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(0);
    expect(agent.requests).toHaveLength(0);
  });

  it('should accept the lenient shapes Kindly sends', async () => {
    const payload = {
      chat_id: 'c-lenient',
      user_id: null,
      bot_id: 4,
      organization_id: 121,
      message: '',
      exchange: { exchange_id: null, language_code: 'nb' },
      chat_labels: ['x'],
      web_url: 'https://shop.example.org/',
      unknown_future_field: { any: 'thing' },
    };

    const answer = await answerOf(await deliver(JSON.stringify(payload)));

    expect(answer.new_context.triage_status).toBe('complete');
    const rows = await sut.dataSource.query<{ sender_id: string; text: string }[]>(
      'SELECT sender_id, text FROM webhook_messages',
    );
    expect(rows).toEqual([{ sender_id: 'c-lenient', text: '' }]);
  });
});
