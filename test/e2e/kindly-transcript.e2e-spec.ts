import { type AgentRequestBody, API_KEY, KindlyHarness } from 'test/factories/kindly-harness';
import { buildKindlyPayload } from 'test/factories/kindly-payload.factory';
import { buildKindlyTranscript } from 'test/factories/kindly-transcript.factory';
import { type StubHttpServer } from 'test/setup/stub-http-server';
import { type TestApp } from 'test/setup/test-app';
import { testDatabaseKinds } from 'test/setup/test-database';

// Migrating a fresh MariaDB schema and booting the app can take a while on a busy machine.
const BOOT_TIMEOUT_MS = 120_000;

describe.each(testDatabaseKinds())('POST /webhooks/kindly with a transcript on %s', (kind) => {
  const h = new KindlyHarness();
  const { count, deliver, answerOf, transcriptUrl, everyStandInRequest } = h;
  let sut: TestApp;
  let agent: StubHttpServer;
  let kindlyApi: StubHttpServer;
  let outsider: StubHttpServer;
  let httpsOnly: StubHttpServer;

  beforeAll(async () => {
    await h.start(kind);
    ({ sut, agent, kindlyApi, outsider, httpsOnly } = h);
  }, BOOT_TIMEOUT_MS);

  beforeEach(() => h.reset());

  afterAll(() => h.stop());

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
});
