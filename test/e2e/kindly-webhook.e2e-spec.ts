import { shippedTriageOf } from 'test/factories/triage-model.factory';
import {
  buildKindlyPayload,
  KINDLY_ALGORITHM_HEADER,
  kindlyHeaders,
  type KindlyPayload,
  seedKindlyPayload,
  signKindlyBody,
} from 'test/factories/kindly-payload.factory';
import { buildKindlyTranscript } from 'test/factories/kindly-transcript.factory';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds, truncateAll } from 'test/setup/test-database';
import { waitFor } from 'test/setup/wait-for';

const SECRET = 'kindly-webhook-secret';
const API_KEY = 'kindly-bot-api-key-7d1f';
// Generous: these tests are about what is answered, not how fast.
const ANSWER_TIMEOUT_MS = 30000;
const TRIAGE_NOTICE =
  'Hi, we noticed something important in your message. A member of our team will get back to you shortly.';

interface KindlyAnswer {
  reply?: string;
  new_context: {
    triage_status: string;
    triage_message_id: number;
    urgency_score: number | null;
    category: string | null;
    priority_level: string | null;
    sentiment: string | null;
    action_required: boolean | null;
  };
}

interface AgentRequestBody {
  conversation_id: string;
  text: string;
  history: { sender: string; content: string; timestamp: string | null; type: string }[];
}

interface CountRow {
  count: number | string;
}

const CONTEXT_KEYS = [
  'action_required',
  'category',
  'priority_level',
  'sentiment',
  'triage_message_id',
  'triage_status',
  'urgency_score',
];

describe.each(testDatabaseKinds())('POST /webhooks/kindly on %s', (kind) => {
  let database: TestDatabase;
  let sut: TestApp;
  let agent: StubHttpServer;
  // The Chat Transcript API stand-in, the one origin in KINDLY_API_ORIGINS.
  let kindlyApi: StubHttpServer;
  // A server that is in no allow-list: it must never hear from the gateway.
  let outsider: StubHttpServer;
  // Listed only as https://; it speaks plain http, so an http:// request would reach it.
  let httpsOnly: StubHttpServer;

  const count = async (sql: string, params: unknown[] = []): Promise<number> => {
    const rows = await sut.dataSource.query<CountRow[]>(sql, params);
    return Number(rows[0].count);
  };

  const deliver = (payload: KindlyPayload | string, headers?: Record<string, string>) => {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    return sut.post('/webhooks/kindly', body, headers ?? kindlyHeaders(body, SECRET));
  };

  const answerOf = async (response: Response): Promise<KindlyAnswer> => {
    expect(response.status).toBe(200);
    return (await response.json()) as KindlyAnswer;
  };

  const transcriptUrl = (payload: KindlyPayload): string =>
    `${kindlyApi.url}/api/v1/chats/${payload.chat_id}`;

  const everyStandInRequest = () => [
    ...agent.requests,
    ...kindlyApi.requests,
    ...outsider.requests,
    ...httpsOnly.requests,
  ];

  beforeAll(async () => {
    agent = await StubHttpServer.start();
    kindlyApi = await StubHttpServer.start();
    outsider = await StubHttpServer.start();
    httpsOnly = await StubHttpServer.start();
    database = await TestDatabase.create(kind);
    sut = await TestApp.start(database, {
      KINDLY_WEBHOOK_SECRET: SECRET,
      KINDLY_API_KEY: API_KEY,
      KINDLY_API_ORIGINS: `${kindlyApi.url}, ${httpsOnly.url.replace('http://', 'https://')}`,
      KINDLY_ANSWER_TIMEOUT_MS: String(ANSWER_TIMEOUT_MS),
      AGENT_GENERAL_PURPOSE_URL: agent.url,
      AGENT_BUSINESS_WORKFLOW_URL: agent.url,
      AGENT_CODE_DEBUGGER_URL: agent.url,
      AGENT_HUB_URL: agent.url,
      AGENT_TIMEOUT_MS: '10000',
    });
  });

  beforeEach(async () => {
    await truncateAll(sut.dataSource);
    for (const stub of [agent, kindlyApi, outsider, httpsOnly]) {
      stub.reset();
    }
    agent.respondWith(() => ({ status: 200, body: { reply: 'Your order ships tomorrow.' } }));
    kindlyApi.respondWith((request) => {
      const chatId = request.path.split('/').pop() ?? '';
      return { status: 200, body: buildKindlyTranscript(chatId, 'where is my order') };
    });
  });

  afterAll(async () => {
    await sut?.close();
    await database?.drop();
    await Promise.all([agent, kindlyApi, outsider, httpsOnly].map((stub) => stub?.stop()));
  });

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

  it('should fetch the transcript once with the API key and store and pass on its lines', async () => {
    const payload = buildKindlyPayload({ message: 'where is my order' });
    payload._links = { chat: transcriptUrl(payload) };

    await answerOf(await deliver(payload));

    expect(kindlyApi.requests).toHaveLength(1);
    const [fetch] = kindlyApi.requests;
    expect(fetch.method).toBe('GET');
    expect(fetch.path).toBe(`/api/v1/chats/${payload.chat_id}`);
    expect(fetch.headers.authorization).toBe(`Bearer ${API_KEY}`);
    const user = payload.user_id ?? '';
    const expectedHistory = [
      { sender: user, content: 'Merhaba! Siparişim için yazıyorum 🚲' },
      { sender: 'bot', content: 'What is your order number?' },
      { sender: user, content: 'ORD-55120' },
      { sender: 'bot', content: 'Thanks! What can I help you with?' },
    ];
    const lines = await sut.dataSource.query<{ sender: string; content: string }[]>(
      'SELECT sender, content FROM message_history WHERE conversation_id = ? ORDER BY sent_at, id',
      [payload.chat_id],
    );
    // The triggering message is stored once, as the message's own line.
    expect(lines).toEqual([...expectedHistory, { sender: user, content: 'where is my order' }]);
    const call = agent.requests[0].json as AgentRequestBody;
    expect(call.history.map(({ sender, content }) => ({ sender, content }))).toEqual(
      expectedHistory,
    );
    expect(call.history[0]).toMatchObject({ timestamp: '2025-03-03T10:00:04.912Z', type: 'text' });
  });

  it('should not store a line twice when the next webhook of the chat brings a longer transcript', async () => {
    const first = buildKindlyPayload({ message: 'where is my order' });
    first._links = { chat: transcriptUrl(first) };
    await answerOf(await deliver(first));
    const transcript = buildKindlyTranscript(first.chat_id, 'where is my order');
    transcript.chat.messages.push(
      {
        created: '2025-03-03T10:01:31.100000Z',
        from_bot: true,
        message: 'Your order ships tomorrow.',
        name: 'Shop assistant',
      },
      { created: '2025-03-03T10:02:00.000000Z', from_bot: false, message: 'thanks!', name: 'You' },
    );
    kindlyApi.respondWith(() => ({ status: 200, body: transcript }));

    await answerOf(await deliver({ ...first, message: 'thanks!' }));

    const lines = await sut.dataSource.query<{ content: string }[]>(
      'SELECT content FROM message_history WHERE conversation_id = ? ORDER BY sent_at, id',
      [first.chat_id],
    );
    expect(lines.map((line) => line.content)).toEqual([
      'Merhaba! Siparişim için yazıyorum 🚲',
      'What is your order number?',
      'ORD-55120',
      'Thanks! What can I help you with?',
      'where is my order',
      'Your order ships tomorrow.',
      'thanks!',
    ]);
  });

  it('should still store and answer when the transcript fails, times out or is not this chat', async () => {
    const failures = [
      () => ({ status: 500, body: { error: 'down' } }),
      () => ({ status: 401, body: { message: 'bad key' } }),
      () => ({ status: 200, body: 'not json' }),
      () => ({ status: 200, body: { chat: { id: 'another-chat', messages: [] } } }),
    ];

    for (const failure of failures) {
      kindlyApi.respondWith(failure);
      const payload = buildKindlyPayload();
      payload._links = { chat: transcriptUrl(payload) };

      const answer = await answerOf(await deliver(payload));

      expect(answer.reply).toBe('Your order ships tomorrow.');
      expect(answer.new_context.triage_status).toBe('complete');
      const history = await count(
        'SELECT COUNT(*) AS count FROM message_history WHERE conversation_id = ?',
        [payload.chat_id],
      );
      expect(history).toBe(1);
    }
    expect(kindlyApi.requests).toHaveLength(failures.length);
    expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(failures.length);
    expect(agent.requests).toHaveLength(failures.length);
  });

  it('should never request a transcript URL outside KINDLY_API_ORIGINS, yet store and answer', async () => {
    const port = (stub: StubHttpServer) => new URL(stub.url).port;
    const urls = (chatId: string) => [
      // Another port than the allowed origin's.
      `${outsider.url}/api/v1/chats/${chatId}`,
      // Allowed as https:// only.
      `${httpsOnly.url}/api/v1/chats/${chatId}`,
      `http://user@127.0.0.1:${port(kindlyApi)}/api/v1/chats/${chatId}`,
      `http://user:pass@127.0.0.1:${port(kindlyApi)}/api/v1/chats/${chatId}`,
      `http://localhost:${port(kindlyApi)}/api/v1/chats/${chatId}`,
      `http://127.0.0.1:${port(kindlyApi)}@127.0.0.1:${port(outsider)}/api/v1/chats/${chatId}`,
      'file:///etc/passwd',
      'gopher://127.0.0.1:25/_HELO',
      'not a url',
    ];

    const total = urls('x').length;
    for (let index = 0; index < total; index++) {
      const payload = buildKindlyPayload();
      payload._links = { chat: urls(payload.chat_id)[index] };

      const answer = await answerOf(await deliver(payload));

      expect(answer.reply).toBe('Your order ships tomorrow.');
    }
    expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(total);
    expect(outsider.requests).toHaveLength(0);
    expect(httpsOnly.requests).toHaveLength(0);
    expect(kindlyApi.requests).toHaveLength(0);
    expect(agent.requests).toHaveLength(total);
    expect(JSON.stringify(everyStandInRequest())).not.toContain(API_KEY);
  });

  it('should read the legacy chatlog_api_url under the same rules', async () => {
    const allowed = buildKindlyPayload({ _links: undefined, message: 'where is my order' });
    allowed.chatlog_api_url = transcriptUrl(allowed);
    const refused = buildKindlyPayload({ _links: undefined });
    refused.chatlog_api_url = `${outsider.url}/api/v1/chats/${refused.chat_id}`;

    await answerOf(await deliver(allowed));
    await answerOf(await deliver(refused));

    expect(kindlyApi.requests.map((request) => request.path)).toEqual([
      `/api/v1/chats/${allowed.chat_id}`,
    ]);
    expect(outsider.requests).toHaveLength(0);
  });

  it('should not follow a redirect from the allowed origin', async () => {
    const payload = buildKindlyPayload();
    payload._links = { chat: transcriptUrl(payload) };
    kindlyApi.respondWith(() => ({
      status: 302,
      body: {},
      headers: { location: `${outsider.url}/api/v1/chats/${payload.chat_id}` },
    }));

    const answer = await answerOf(await deliver(payload));

    expect(answer.reply).toBe('Your order ships tomorrow.');
    expect(kindlyApi.requests).toHaveLength(1);
    expect(outsider.requests).toHaveLength(0);
    expect(JSON.stringify([...outsider.requests, ...agent.requests])).not.toContain(API_KEY);
    expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(1);
    expect(await count('SELECT COUNT(*) AS count FROM message_history')).toBe(1);
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

const waitForStatus = async (app: TestApp, status: string): Promise<void> => {
  await waitFor(
    () => app.dataSource.query<{ status: string }[]>('SELECT status FROM webhook_messages'),
    (rows) => rows.every((row) => row.status === status),
    `every message to be ${status}`,
  );
};

describe.each(testDatabaseKinds())(
  'POST /webhooks/kindly unsigned and with short deadlines on %s',
  (kind) => {
    let database: TestDatabase;
    let kindlyApi: StubHttpServer;
    let agent: StubHttpServer;
    let sut: TestApp;
    let refusing: TestApp;

    beforeAll(async () => {
      agent = await StubHttpServer.start();
      kindlyApi = await StubHttpServer.start();
      database = await TestDatabase.create(kind);
      const env = {
        KINDLY_API_KEY: API_KEY,
        KINDLY_API_ORIGINS: kindlyApi.url,
        KINDLY_ANSWER_TIMEOUT_MS: '200',
        OUTBOUND_TIMEOUT_MS: '200',
        AGENT_GENERAL_PURPOSE_URL: agent.url,
        AGENT_BUSINESS_WORKFLOW_URL: agent.url,
        AGENT_CODE_DEBUGGER_URL: agent.url,
        AGENT_HUB_URL: agent.url,
        AGENT_TIMEOUT_MS: '10000',
      };
      sut = await TestApp.start(database, { ...env, ALLOW_UNSIGNED_WEBHOOKS: 'true' });
      refusing = await TestApp.start(database, { ...env, ALLOW_UNSIGNED_WEBHOOKS: 'false' });
    });

    beforeEach(async () => {
      await truncateAll(sut.dataSource);
      agent.reset();
      agent.respondWith(() => ({ status: 200, body: { reply: 'late' }, delayMs: 1500 }));
      kindlyApi.reset();
    });

    afterEach(async () => {
      // Processing goes on after the answer; it must not spill into the next test.
      await waitForStatus(sut, 'done');
    });

    afterAll(async () => {
      await sut?.close();
      await refusing?.close();
      await database?.drop();
      await Promise.all([agent, kindlyApi].map((stub) => stub?.stop()));
    });

    it('should answer "pending" when processing does not finish within the answer window', async () => {
      const payload = buildKindlyPayload({ _links: undefined });

      const response = await sut.post('/webhooks/kindly', payload);

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        new_context: {
          triage_status: 'pending',
          triage_message_id: expect.any(Number) as number,
          urgency_score: null,
          category: null,
          priority_level: null,
          sentiment: null,
          action_required: null,
        },
      });
      await waitForStatus(sut, 'done');
      const rows = await sut.dataSource.query<{ status: string }[]>(
        'SELECT status FROM webhook_messages',
      );
      expect(rows).toEqual([{ status: 'done' }]);
      expect(agent.requests).toHaveLength(1);
      // Kindly cannot be written to later: the late reply goes nowhere.
      const outbound = await sut.dataSource.query<CountRow[]>(
        'SELECT COUNT(*) AS count FROM outbound_messages',
      );
      expect(Number(outbound[0].count)).toBe(0);
    });

    it('should give up on a slow transcript and process the message without it', async () => {
      kindlyApi.respondWith(() => ({ status: 200, body: {}, delayMs: 1500 }));
      const payload = buildKindlyPayload();
      payload._links = { chat: `${kindlyApi.url}/api/v1/chats/${payload.chat_id}` };

      const response = await sut.post('/webhooks/kindly', payload);

      expect(response.status).toBe(200);
      await waitForStatus(sut, 'done');
      expect(kindlyApi.requests).toHaveLength(1);
      expect(agent.requests).toHaveLength(1);
      expect((agent.requests[0].json as AgentRequestBody).history).toEqual([]);
    });

    it('should refuse every request when unsigned webhooks are not allowed', async () => {
      const body = JSON.stringify(buildKindlyPayload());

      const responses = [
        await refusing.post('/webhooks/kindly', body),
        await refusing.post('/webhooks/kindly', body, kindlyHeaders(body, '')),
      ];

      expect(responses.map((response) => response.status)).toEqual([401, 401]);
      const rows = await refusing.dataSource.query<CountRow[]>(
        'SELECT COUNT(*) AS count FROM webhook_messages',
      );
      expect(Number(rows[0].count)).toBe(0);
      expect(agent.requests).toHaveLength(0);
    });
  },
);
