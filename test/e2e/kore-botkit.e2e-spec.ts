import { OutboundService } from 'src/replies/outbound.service';
import {
  buildKoreBotkitPayload,
  KORE_FIXTURE_BOT_ID,
  type KoreBotkitPayload,
  signBotkitToken,
  unsignedBotkitToken,
} from 'test/factories/kore-botkit-payload.factory';
import type { RecordedRequest } from 'test/setup/stub-http-server';
import { koreAuthClaims } from 'test/setup/kore-auth';
import { StubAgents } from 'test/setup/stub-agents';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds, truncateAll } from 'test/setup/test-database';
import { waitFor } from 'test/setup/wait-for';

interface OutboundRow {
  kind: string;
  status: string;
  recipient: string;
  text: string;
  attempts: number | string;
  last_error: string | null;
}

interface MessageRow {
  external_id: string;
  conversation_id: string;
  sender_id: string;
  event_type: string;
  text: string;
  status: string;
}

interface AgentRequest {
  platform: string;
  conversation_id: string;
  text: string;
  human_handover: boolean;
  history: { sender: string; content: string }[];
}

const BOT_ID = KORE_FIXTURE_BOT_ID;
const CLIENT_ID = 'cs-9b1d2e3f-4a5b-5c6d-8e7f-0a1b2c3d4e5f';
const CLIENT_SECRET = 'kore-client-secret';
const FINAL_STATUSES = ['done', 'failed', 'dead'];
const CRITICAL_TEXT = 'URGENT!!! my account was hacked and money is gone, help immediately';
const PLAIN_TEXT = 'What are your opening hours?';

// Migrating a fresh MariaDB schema and booting the app can take a while on a busy machine.
const BOOT_TIMEOUT_MS = 120_000;

function pathOf(url: string | undefined): string {
  return new URL(url ?? '').pathname;
}

async function expectKoreAuth(request: RecordedRequest): Promise<void> {
  const claims = await koreAuthClaims(request.headers, CLIENT_SECRET);
  expect(claims.appId).toBe(CLIENT_ID);
}

describe.each(testDatabaseKinds())('Kore.ai BotKit webhook on %s', (kind) => {
  let database: TestDatabase;
  let sut: TestApp;
  // Kore's API host, and a server on another origin that must never be called.
  let kore: StubHttpServer;
  let elsewhere: StubHttpServer;
  let agents: StubAgents;
  let token: string;

  const outboundRows = (): Promise<OutboundRow[]> =>
    sut.dataSource.query<OutboundRow[]>(
      'SELECT kind, status, recipient, text, attempts, last_error FROM outbound_messages ORDER BY id',
    );
  const messageRows = (): Promise<MessageRow[]> =>
    sut.dataSource.query<MessageRow[]>(
      'SELECT external_id, conversation_id, sender_id, event_type, text, status FROM webhook_messages ORDER BY id',
    );
  const deliver = (
    event: string,
    payload: unknown,
    headers: Record<string, string> = { token },
    botId = BOT_ID,
  ): Promise<Response> =>
    sut.post(`/webhooks/kore/botkit/sdk/bots/${botId}/${event}`, payload, headers);
  // Processing goes on after the 200: wait until every message and send has ended.
  const settle = async (expectedOutbound: number): Promise<OutboundRow[]> => {
    await waitFor(
      messageRows,
      (rows) => rows.every((row) => FINAL_STATUSES.includes(row.status)),
      'messages to be processed',
    );
    const rows = await waitFor(
      outboundRows,
      (found) => found.length >= expectedOutbound && found.every((row) => row.status !== 'queued'),
      'outbound sends to end',
    );
    await sut.app.get(OutboundService).whenIdle();
    return rows;
  };

  beforeAll(async () => {
    agents = await StubAgents.start();
    kore = await StubHttpServer.start();
    elsewhere = await StubHttpServer.start();
    database = await TestDatabase.create(kind);
    sut = await TestApp.start(database, {
      KORE_API_HOST: kore.url,
      KORE_BOT_ID: BOT_ID,
      KORE_CLIENT_ID: CLIENT_ID,
      KORE_CLIENT_SECRET: CLIENT_SECRET,
      ...agents.env,
      // Generous: a first call on a busy machine can take seconds, and a timeout would bring in
      // agent_hub as well.
      AGENT_TIMEOUT_MS: '10000',
      OUTBOUND_MAX_BACKOFF_MS: '50',
    });
    token = await signBotkitToken(CLIENT_SECRET, { appId: CLIENT_ID });
  }, BOOT_TIMEOUT_MS);

  beforeEach(async () => {
    await sut.app.get(OutboundService).whenIdle();
    await truncateAll(sut.dataSource);
    for (const stub of [kore, elsewhere]) {
      stub.reset();
    }
    agents.reset();
    agents.answerWith({ status: 'accepted' });
  });

  afterAll(async () => {
    await sut?.close();
    await database?.drop();
    await Promise.all([agents?.stop(), kore?.stop(), elsewhere?.stop()]);
  });

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
    await expectKoreAuth(request);
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
    await expectKoreAuth(request);
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
    await expectKoreAuth(kore.requests[0]);
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
    kore.respondWith(() =>
      kore.requests.length === 1
        ? {
            status: 429,
            body: { errors: [{ msg: 'Too Many requests', code: 429 }] },
            headers: { 'retry-after': '0' },
          }
        : { status: 200, body: {} },
    );
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

  it('should refuse tokens that are missing, forged, for another app, unsigned or expired with a generic 401', async () => {
    const payload = buildKoreBotkitPayload(kore.url, { message: PLAIN_TEXT });
    const expired = Math.floor(Date.now() / 1000) - 600;
    const attempts: Record<string, string>[] = [
      {},
      { token: await signBotkitToken('wrong-secret', { appId: CLIENT_ID }) },
      { token: await signBotkitToken(CLIENT_SECRET, { appId: 'cs-other-app' }) },
      { token: await signBotkitToken(CLIENT_SECRET, { sub: CLIENT_ID }) },
      { token: unsignedBotkitToken({ appId: CLIENT_ID }) },
      { token: await signBotkitToken(CLIENT_SECRET, { appId: CLIENT_ID }, 'HS512') },
      { token: await signBotkitToken(CLIENT_SECRET, { appId: CLIENT_ID, exp: expired }) },
      { apikey: CLIENT_SECRET },
      { authorization: `Bearer ${token}` },
      { token: 'garbage' },
    ];

    for (const headers of attempts) {
      const response = await deliver('on_user_message', payload, headers);
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain(CLIENT_SECRET);
    }
    expect(await sut.count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(0);
    expect(agents.requests()).toHaveLength(0);
    expect(kore.requests).toHaveLength(0);
  });

  it('should accept the component route and a token with an expiry still ahead', async () => {
    const payload = buildKoreBotkitPayload(kore.url, { message: PLAIN_TEXT });
    const fresh = await signBotkitToken(CLIENT_SECRET, {
      appId: CLIENT_ID,
      exp: Math.floor(Date.now() / 1000) + 600,
    });

    const response = await sut.post(
      `/webhooks/kore/botkit/sdk/bots/${BOT_ID}/components/dg-7/on_user_message`,
      payload,
      { token: fresh },
    );

    expect(response.status).toBe(200);
    expect(((await response.json()) as KoreBotkitPayload).componentId).toBe('dg-7');
    await settle(1);
    expect(await sut.count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(1);
  });

  it('should answer 404 to another bot or an unknown event, after authentication, and store nothing', async () => {
    const payload = buildKoreBotkitPayload(kore.url);

    const otherBot = await deliver('on_user_message', payload, { token }, 'st-other-bot');
    const unknownEvent = await deliver('on_something', payload);
    const unauthenticated = await deliver('on_something', payload, {});

    expect([otherBot.status, unknownEvent.status, unauthenticated.status]).toEqual([404, 404, 401]);
    expect(await sut.count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(0);
  });

  it('should acknowledge other events by echoing them, without storing or routing them', async () => {
    const payload = buildKoreBotkitPayload(kore.url, {
      __payloadClass: 'OnHookPayload',
      context: { session: { BotUserSession: { plan: 'gold' } } },
    });

    for (const event of ['on_event', 'on_alert', 'on_variable_update', 'on_webhook']) {
      const response = await deliver(event, payload);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ...payload, componentId: 'default' });
    }
    expect(await sut.count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(0);
    expect(agents.requests()).toHaveLength(0);
    expect(kore.requests).toHaveLength(0);
  });

  it('should refuse invalid bodies with 400 naming each bad field and store nothing', async () => {
    const payload = buildKoreBotkitPayload(kore.url);
    const cases: [unknown, string[]][] = [
      [{ ...payload, message: 42 }, ['message']],
      [{ ...payload, channel: 'rtm' }, ['channel']],
      [{ ...payload, requestId: ' 1 ' }, ['requestId']],
      [{ ...payload, sendUserMessageUrl: 'x'.repeat(2049) }, ['sendUserMessageUrl']],
      [{ ...payload, message: 'broken \ud800' }, ['message']],
    ];

    for (const [body, fields] of cases) {
      const response = await deliver('on_user_message', body);
      expect(response.status).toBe(400);
      const answer = (await response.json()) as { fields: { field: string }[] };
      expect(answer.fields.map((f) => f.field).sort()).toEqual([...fields].sort());
    }
    expect(await sut.count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(0);
  });

  it('should store what Kore sends byte for byte, and numeric request ids as text', async () => {
    const text = 'Acil!!! 🚲🔥 İĞÜŞÖÇ مرحبا שלום 𠜎 👩‍👩‍👧‍👦';
    const payload = {
      ...buildKoreBotkitPayload(kore.url, { message: text }),
      requestId: 1741000999,
    };

    const response = await deliver('on_user_message', payload);

    expect(response.status).toBe(200);
    await settle(1);
    const [row] = await messageRows();
    expect(row.external_id).toBe('botkit:on_user_message:1741000999');
    expect(Buffer.from(row.text, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
  });
});
