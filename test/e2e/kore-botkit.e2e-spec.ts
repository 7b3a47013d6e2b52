import {
  type AgentRequest,
  CRITICAL_TEXT,
  expectBotkitAuth,
  KoreBotkitHarness,
  pathOf,
  PLAIN_TEXT,
} from 'test/factories/kore-botkit-harness';
import {
  buildKoreBotkitPayload,
  type KoreBotkitPayload,
} from 'test/factories/kore-botkit-payload.factory';
import { rateLimitedOnce } from 'test/setup/kore-api-stub';
import type { StubAgents } from 'test/setup/stub-agents';
import type { StubHttpServer } from 'test/setup/stub-http-server';
import type { TestApp } from 'test/setup/test-app';
import { testDatabaseKinds } from 'test/setup/test-database';

// Migrating a fresh MariaDB schema and booting the app can take a while on a busy machine.
const BOOT_TIMEOUT_MS = 120_000;

describe.each(testDatabaseKinds())('Kore.ai BotKit webhook on %s', (kind) => {
  const h = new KoreBotkitHarness();
  const { messageRows, deliver, settle } = h;
  let sut: TestApp;
  let kore: StubHttpServer;
  let elsewhere: StubHttpServer;
  let agents: StubAgents;

  beforeAll(async () => {
    await h.start(kind);
    ({ sut, kore, elsewhere, agents } = h);
  }, BOOT_TIMEOUT_MS);

  beforeEach(() => h.reset());

  afterAll(() => h.stop());

  it("should hand a non-critical user message back to Kore's bot on sendBotMessageUrl", async () => {
    const payload = buildKoreBotkitPayload(kore.url, { message: PLAIN_TEXT });

    const response = await deliver('on_user_message', payload);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ...payload, componentId: 'default' });
    const outbound = await settle(1);
    expect(outbound).toMatchObject([
      { kind: 'bot_pass_through', status: 'sent', text: PLAIN_TEXT },
    ]);
    expect(kore.requests).toHaveLength(1);
    const [request] = kore.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(pathOf(payload.sendBotMessageUrl));
    expect(request.json).toEqual(payload);
    await expectBotkitAuth(request);
    expect(agents.requests()).toHaveLength(0);
    expect(await messageRows()).toEqual([
      {
        external_id: `botkit:on_user_message:${payload.requestId}`,
        conversation_id: payload.channel?.from,
        sender_id: payload.channel?.from,
        event_type: 'on_user_message',
        text: PLAIN_TEXT,
        status: 'done',
      },
    ]);
  });

  it("should route a critical user message to an agent and send the agent's reply on sendUserMessageUrl", async () => {
    agents.answerWith({ reply: 'An engineer is looking at your account now.' });
    const payload = buildKoreBotkitPayload(kore.url, { message: CRITICAL_TEXT });

    const response = await deliver('on_user_message', payload);

    expect(response.status).toBe(200);
    const outbound = await settle(1);
    expect(outbound).toMatchObject([
      { kind: 'reply', status: 'sent', text: 'An engineer is looking at your account now.' },
    ]);
    const calls = agents.requests();
    expect(calls).toHaveLength(1);
    expect(calls[0].json).toMatchObject({
      platform: 'kore',
      conversation_id: payload.channel?.from,
      text: CRITICAL_TEXT,
      human_handover: false,
    });
    expect(kore.requests).toHaveLength(1);
    const [request] = kore.requests;
    expect(request.path).toBe(pathOf(payload.sendUserMessageUrl));
    expect(request.json).toEqual({
      ...payload,
      message: 'An engineer is looking at your account now.',
    });
    await expectBotkitAuth(request);
  });

  it('should tell the user a critical message was noticed when the agent sends no reply', async () => {
    const payload = buildKoreBotkitPayload(kore.url, { message: CRITICAL_TEXT });

    await deliver('on_user_message', payload);

    await settle(1);
    expect(agents.requests()).toHaveLength(1);
    expect(kore.requests.map((request) => request.path)).toEqual([
      pathOf(payload.sendUserMessageUrl),
    ]);
    expect((kore.requests[0].json as { message: string }).message).toMatch(
      /we noticed something important/,
    );
  });

  it('should never call send URLs on another origin than KORE_API_HOST', async () => {
    for (const text of [PLAIN_TEXT, CRITICAL_TEXT]) {
      const payload = buildKoreBotkitPayload(elsewhere.url, { message: text });
      const response = await deliver('on_user_message', payload);
      expect(response.status).toBe(200);
    }

    const outbound = await settle(2);
    expect(outbound.map((row) => [row.kind, row.status]).sort()).toEqual([
      ['bot_pass_through', 'failed'],
      ['reply', 'failed'],
    ]);
    expect(outbound.every((row) => /KORE_API_HOST/.test(row.last_error ?? ''))).toBe(true);
    expect(elsewhere.requests).toHaveLength(0);
    expect(kore.requests).toHaveLength(0);
  });

  it('should route an agent transfer to an agent as a human handover', async () => {
    const payload = buildKoreBotkitPayload(kore.url);
    delete payload.message;

    const response = await deliver('on_agent_transfer', payload);

    expect(response.status).toBe(200);
    await settle(0);
    const calls = agents.requests();
    expect(calls).toHaveLength(1);
    expect(calls[0].json).toMatchObject({ human_handover: true, platform: 'kore' });
    expect(await messageRows()).toMatchObject([
      { event_type: 'on_agent_transfer', status: 'done' },
    ]);
  });

  it("should record the bot's message as history and pass it on to the user once", async () => {
    const userPayload = buildKoreBotkitPayload(kore.url, { message: 'cancel my order' });
    await deliver('on_user_message', userPayload);
    await settle(1);
    kore.reset();
    const botPayload: KoreBotkitPayload = {
      ...userPayload,
      __payloadClass: 'OnMessagePayload',
      message: 'Which order would you like to cancel?',
    };

    const first = await deliver('on_bot_message', botPayload);
    const repeat = await deliver('on_bot_message', botPayload);

    expect([first.status, repeat.status]).toEqual([200, 200]);
    const outbound = await settle(2);
    expect(outbound.map((row) => [row.kind, row.status, row.text])).toEqual([
      ['bot_pass_through', 'sent', 'cancel my order'],
      ['reply', 'sent', 'Which order would you like to cancel?'],
    ]);
    expect(kore.requests).toHaveLength(1);
    expect(kore.requests[0].path).toBe(pathOf(botPayload.sendUserMessageUrl));
    expect(kore.requests[0].json).toEqual(botPayload);
    await expectBotkitAuth(kore.requests[0]);
    expect(agents.requests()).toHaveLength(0);
    const rows = await messageRows();
    expect(rows.map((row) => [row.event_type, row.sender_id, row.status])).toEqual([
      ['on_user_message', userPayload.channel?.from, 'done'],
      ['on_bot_message', 'bot', 'done'],
    ]);
    const history = await sut.dataSource.query<{ sender: string; content: string }[]>(
      'SELECT sender, content FROM message_history ORDER BY id',
    );
    expect(history).toEqual([
      { sender: String(userPayload.channel?.from), content: 'cancel my order' },
      { sender: 'bot', content: 'Which order would you like to cancel?' },
    ]);
  });

  it("should show agents the bot's earlier messages as history", async () => {
    agents.answerWith({ reply: 'On it.' });
    const first = buildKoreBotkitPayload(kore.url, { message: 'hi' });
    await deliver('on_bot_message', { ...first, message: 'Hello! How can I help?' });
    await settle(1);

    await deliver('on_user_message', {
      ...first,
      requestId: `${first.requestId}-2`,
      message: CRITICAL_TEXT,
    });

    await settle(2);
    const [call] = agents.requests();
    expect((call.json as AgentRequest).history).toMatchObject([
      { sender: 'bot', content: 'Hello! How can I help?' },
    ]);
  });

  it('should store a repeated delivery once and hand it back to the bot once', async () => {
    const payload = buildKoreBotkitPayload(kore.url, { message: PLAIN_TEXT });

    const responses = await Promise.all([
      deliver('on_user_message', payload),
      deliver('on_user_message', payload),
    ]);

    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    await settle(1);
    expect(await sut.count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(1);
    expect(await sut.count('SELECT duplicate_count AS count FROM webhook_messages')).toBe(1);
    expect(await sut.count('SELECT COUNT(*) AS count FROM outbound_messages')).toBe(1);
    expect(kore.requests).toHaveLength(1);
  });

  it('should retry a hand-back Kore answered with 429', async () => {
    kore.respondWith(rateLimitedOnce(kore, { status: 200, body: {} }));
    const payload = buildKoreBotkitPayload(kore.url, { message: PLAIN_TEXT });

    await deliver('on_user_message', payload);

    const [row] = await settle(1);
    expect(row.status).toBe('sent');
    expect(Number(row.attempts)).toBe(2);
    expect(kore.requests.map((request) => request.path)).toEqual([
      pathOf(payload.sendBotMessageUrl),
      pathOf(payload.sendBotMessageUrl),
    ]);
  });
});
