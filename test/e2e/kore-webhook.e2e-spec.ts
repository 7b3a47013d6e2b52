import { shippedTriageOf } from 'test/factories/triage-model.factory';
import { KORE_ACKNOWLEDGEMENT } from 'src/platforms/kore/kore.adapter';
import { OutboundService } from 'src/replies/outbound.service';
import {
  buildKoreWebhookEvent,
  seedKoreWebhookEvent,
} from 'test/factories/kore-webhook-event.factory';
import { koreAuthClaims } from 'test/setup/kore-auth';
import { StubAgents } from 'test/setup/stub-agents';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds, truncateAll } from 'test/setup/test-database';
import { waitFor } from 'test/setup/wait-for';

interface KoreAnswer {
  text: string;
  response: { text: string; type: string };
  context: {
    score: number;
    should_notify: boolean;
    urgency_score: number | null;
    priority_level: string | null;
    category: string | null;
    message_id: string;
    database_id: number;
    duplicate?: boolean;
  };
  expectUserResponse: boolean;
}

interface OutboundRow {
  kind: string;
  status: string;
  recipient: string;
  text: string;
  external_id: string | null;
  attempts: number | string;
  last_error: string | null;
}

const WEBHOOK_TOKEN = 'kore-webhook-token';
const BOT_ID = 'st-3f2a9c1e-7b44-5d10-9a8e-0c6d5e4b3a21';
const CLIENT_ID = 'cs-9b1d2e3f-4a5b-5c6d-8e7f-0a1b2c3d4e5f';
const CLIENT_SECRET = 'kore-client-secret';
const NOTIFY_PATH = `/api/public/bot/${BOT_ID}/notify`;
const AUTHORIZED = { authorization: `Bearer ${WEBHOOK_TOKEN}` };

// The webhook token and the bot's app credentials, with Kore's API at `apiHost`.
function koreEnv(apiHost: string): Record<string, string> {
  return {
    KORE_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    KORE_API_HOST: apiHost,
    KORE_BOT_ID: BOT_ID,
    KORE_CLIENT_ID: CLIENT_ID,
    KORE_CLIENT_SECRET: CLIENT_SECRET,
  };
}

// Migrating a fresh MariaDB schema and booting the app can take a while on a busy machine.
const BOOT_TIMEOUT_MS = 120_000;

async function expectKoreAuth(headers: Record<string, unknown>, subject: string): Promise<void> {
  const claims = await koreAuthClaims(headers, CLIENT_SECRET);
  expect(claims).toMatchObject({ appId: CLIENT_ID, sub: subject });
  expect(headers.authorization).toBeUndefined();
}

describe.each(testDatabaseKinds())('Kore.ai seed 000 webhook on %s', (kind) => {
  let database: TestDatabase;
  let sut: TestApp;
  let kore: StubHttpServer;
  let agents: StubAgents;

  const agentCalls = (): number => agents.requests().length;
  const outboundRows = (): Promise<OutboundRow[]> =>
    sut.dataSource.query<OutboundRow[]>(
      'SELECT kind, status, recipient, text, external_id, attempts, last_error FROM outbound_messages ORDER BY id',
    );
  const post = async (body: unknown, path = '/kore-webhook'): Promise<KoreAnswer> => {
    const response = await sut.post(path, body, AUTHORIZED);
    expect(response.status).toBe(200);
    return (await response.json()) as KoreAnswer;
  };

  beforeAll(async () => {
    agents = await StubAgents.start();
    kore = await StubHttpServer.start();
    database = await TestDatabase.create(kind);
    sut = await TestApp.start(database, {
      ...koreEnv(kore.url),
      ...agents.env,
      // Generous: the answer carries the agent's reply only when it comes within this.
      AGENT_TIMEOUT_MS: '8000',
      OUTBOUND_MAX_BACKOFF_MS: '50',
    });
  }, BOOT_TIMEOUT_MS);

  beforeEach(async () => {
    await sut.app.get(OutboundService).whenIdle();
    await truncateAll(sut.dataSource);
    kore.reset();
    kore.respondWith(() => ({ status: 200, body: { _id: 'ds-1', status: 'IN_PROGRESS' } }));
    agents.reset();
    agents.answerWith({ status: 'accepted' });
  });

  afterAll(async () => {
    await sut?.close();
    await database?.drop();
    await Promise.all([agents?.stop(), kore?.stop()]);
  });

  it("should answer seed 000's example in seed 000's Kore format with the optimizer's notice", async () => {
    const event = seedKoreWebhookEvent();

    const body = await post(event);

    expect(Object.keys(body).sort()).toEqual(
      ['context', 'expectUserResponse', 'response', 'text'].sort(),
    );
    expect(body.text).toBe(
      'Hi mira.kaya, we noticed something important in your message. A member of our team will get back to you shortly.',
    );
    expect(body.response).toEqual({ text: body.text, type: 'text' });
    expect(body.expectUserResponse).toBe(true);
    const { urgencyScore } = shippedTriageOf(event.parameters?.text ?? '');
    expect(body.context).toEqual({
      score: urgencyScore,
      should_notify: true,
      urgency_score: urgencyScore,
      priority_level: 'high',
      category: 'support',
      message_id: expect.stringMatching(/^seed000:[0-9a-f]{64}$/) as unknown,
      database_id: expect.any(Number) as unknown,
    });
    const rows = await sut.dataSource.query<Record<string, unknown>[]>(
      'SELECT platform, conversation_id, sender_id, event_type, text, status FROM webhook_messages',
    );
    expect(rows).toEqual([
      {
        platform: 'kore',
        conversation_id: 'mira.kaya@example.org',
        sender_id: 'mira.kaya@example.org',
        event_type: 'message',
        text: 'urgent: my card was blocked',
        status: 'done',
      },
    ]);
    expect(agentCalls()).toBe(1);
    expect(kore.requests).toHaveLength(0);
  });

  it('should answer a plain message with an acknowledgement on both paths', async () => {
    for (const path of ['/kore-webhook', '/webhooks/kore']) {
      const body = await post(buildKoreWebhookEvent('What are your opening hours?'), path);

      expect(body.text).toBe(KORE_ACKNOWLEDGEMENT);
      expect(body.context).toMatchObject({ should_notify: false, priority_level: 'normal' });
    }
    expect(await sut.count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(2);
  });

  it("should put the agent's reply in the answer and not send it again", async () => {
    agents.answerWith({ reply: 'We unblocked your card.' });
    const event = buildKoreWebhookEvent('urgent: my card was blocked');

    const body = await post(event);

    expect(body.text).toBe('We unblocked your card.');
    expect(body.response.text).toBe('We unblocked your card.');
    await sut.app.get(OutboundService).whenIdle();
    const rows = await outboundRows();
    expect(rows).toMatchObject([
      {
        kind: 'reply',
        status: 'sent',
        recipient: event.userInfo.email,
        text: 'We unblocked your card.',
      },
    ]);
    expect(kore.requests).toHaveLength(0);
  });

  it('should store a repeated event once, call the agent once and answer it alike', async () => {
    agents.answerWith({ reply: 'On it.' });
    const event = buildKoreWebhookEvent('My order has not arrived yet.');

    const first = await post(event);
    const repeat = await post(JSON.stringify(event, null, 2));

    expect(repeat).toEqual({ ...first, context: { ...first.context, duplicate: true } });
    expect(await sut.count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(1);
    expect(await sut.count('SELECT duplicate_count AS count FROM webhook_messages')).toBe(1);
    expect(agentCalls()).toBe(1);
  });

  it("should tell events apart by the caller's messageId when it sends one", async () => {
    const event = buildKoreWebhookEvent('Hello again');

    await post({ ...event, messageId: 'evt-1' });
    await post({ ...event, messageId: 'evt-2' });

    expect(await sut.count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(2);
  });

  it('should refuse a missing or wrong bearer token with a generic 401 and store nothing', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: `Bearer ${WEBHOOK_TOKEN}x` },
      { authorization: WEBHOOK_TOKEN },
      { authorization: `Basic ${WEBHOOK_TOKEN}` },
    ];

    for (const path of ['/kore-webhook', '/webhooks/kore']) {
      for (const headers of attempts) {
        const response = await sut.post(path, seedKoreWebhookEvent(), headers);
        expect(response.status).toBe(401);
        expect(await response.text()).not.toContain(WEBHOOK_TOKEN);
      }
    }
    expect(await sut.count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(0);
    expect(agentCalls()).toBe(0);
  });

  it('should refuse invalid bodies with 400 naming each bad field and store nothing', async () => {
    const cases: [unknown, string[]][] = [
      [{}, ['userInfo']],
      [{ userInfo: {} }, ['userInfo.email']],
      [{ userInfo: { email: 42 } }, ['userInfo.email']],
      [{ userInfo: { email: 'a@example.org' }, parameters: { text: 5 } }, ['parameters.text']],
      [{ userInfo: { email: 'a@example.org' }, eventType: 'x'.repeat(33) }, ['eventType']],
      [{ userInfo: { email: 'a@example.org' }, parameters: 'hi' }, ['parameters']],
      [
        { userInfo: { email: 'a@example.org' }, parameters: { text: 'broken \ud800' } },
        ['parameters.text'],
      ],
      [{ userInfo: { email: `${'x'.repeat(190)}@example.org` } }, ['userInfo.email']],
    ];

    for (const [body, fields] of cases) {
      const response = await sut.post('/kore-webhook', body, AUTHORIZED);
      expect(response.status).toBe(400);
      const answer = (await response.json()) as { fields: { field: string }[] };
      expect(answer.fields.map((f) => f.field).sort()).toEqual([...fields].sort());
    }
    expect(await sut.count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(0);
  });

  it('should send a proactive message to the notify API with the auth JWT', async () => {
    const outbound = sut.app.get(OutboundService);

    const id = await outbound.queueProactive({
      platform: 'kore',
      recipient: 'mira.kaya@example.org',
      text: 'Reminder: your session starts in 15 minutes.',
      conversationId: null,
    });
    await outbound.whenIdle();

    expect(kore.requests).toHaveLength(1);
    const [request] = kore.requests;
    expect(request).toMatchObject({ method: 'POST', path: NOTIFY_PATH });
    expect(request.json).toEqual({
      channel: 'msteams',
      userIdentityType: 'resolve',
      message: { type: 'text', val: 'Reminder: your session starts in 15 minutes.' },
      identities: ['mira.kaya@example.org'],
    });
    await expectKoreAuth(request.headers, 'mira.kaya@example.org');
    const rows = await sut.dataSource.query<OutboundRow[]>(
      'SELECT kind, status, external_id FROM outbound_messages WHERE id = ?',
      [id],
    );
    expect(rows).toEqual([{ kind: 'proactive', status: 'sent', external_id: 'ds-1' }]);
  });

  it('should retry a notification Kore answered with 429, after its Retry-After', async () => {
    kore.respondWith(() =>
      kore.requests.length === 1
        ? {
            status: 429,
            body: { errors: [{ msg: 'Too Many requests', code: 429 }] },
            headers: { 'retry-after': '0' },
          }
        : { status: 200, body: { _id: 'ds-2' } },
    );
    const outbound = sut.app.get(OutboundService);

    await outbound.queueProactive({
      platform: 'kore',
      recipient: 'mira.kaya@example.org',
      text: 'Your ticket was updated.',
      conversationId: null,
    });
    await outbound.whenIdle();

    expect(kore.requests.map((request) => request.path)).toEqual([NOTIFY_PATH, NOTIFY_PATH]);
    const [row] = await outboundRows();
    expect(row).toMatchObject({ status: 'sent', external_id: 'ds-2' });
    expect(Number(row.attempts)).toBe(2);
  });
});

describe.each(testDatabaseKinds())('Kore.ai seed 000 late replies on %s', (kind) => {
  let database: TestDatabase;
  let sut: TestApp;
  let kore: StubHttpServer;
  let general: StubHttpServer;
  let hub: StubHttpServer;

  beforeAll(async () => {
    kore = await StubHttpServer.start();
    general = await StubHttpServer.start();
    hub = await StubHttpServer.start();
    database = await TestDatabase.create(kind);
    sut = await TestApp.start(database, {
      ...koreEnv(kore.url),
      AGENT_GENERAL_PURPOSE_URL: general.url,
      AGENT_BUSINESS_WORKFLOW_URL: general.url,
      AGENT_CODE_DEBUGGER_URL: general.url,
      AGENT_HUB_URL: hub.url,
      // The answer waits one agent timeout (plus slack): 10.5 s.
      AGENT_TIMEOUT_MS: '10000',
      OUTBOUND_MAX_BACKOFF_MS: '50',
    });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await sut?.close();
    await database?.drop();
    await Promise.all([kore, general, hub].map((stub) => stub?.stop()));
  });

  it('should send a reply that missed the answer through the notify API', async () => {
    // The chosen agent times out (10 s); agent_hub takes over and replies 2.5 s later, after the
    // answer went out. Wide margins: a busy machine only makes the reply later.
    general.respondWith(() => ({ status: 200, body: { reply: 'too late' }, delayMs: 11_000 }));
    hub.respondWith(() => ({
      status: 200,
      body: { reply: 'Here are our opening hours.' },
      delayMs: 2500,
    }));
    kore.respondWith(() => ({ status: 200, body: { _id: 'ds-1', status: 'IN_PROGRESS' } }));
    const event = buildKoreWebhookEvent('What are your opening hours?');

    const response = await sut.post('/kore-webhook', event, AUTHORIZED);

    expect(response.status).toBe(200);
    const body = (await response.json()) as KoreAnswer;
    expect(body.text).toBe(KORE_ACKNOWLEDGEMENT);
    const rows = await waitFor(
      () =>
        sut.dataSource.query<OutboundRow[]>(
          'SELECT kind, status, recipient, text, external_id FROM outbound_messages',
        ),
      (found) => found.length > 0 && found[0].status !== 'queued',
      'the late reply',
      45_000,
    );
    expect(rows).toMatchObject([
      {
        kind: 'reply',
        status: 'sent',
        recipient: event.userInfo.email,
        text: 'Here are our opening hours.',
        external_id: 'ds-1',
      },
    ]);
    expect(kore.requests).toHaveLength(1);
    expect(kore.requests[0]).toMatchObject({ method: 'POST', path: NOTIFY_PATH });
    expect(kore.requests[0].json).toEqual({
      channel: 'msteams',
      userIdentityType: 'resolve',
      message: { type: 'text', val: 'Here are our opening hours.' },
      identities: [event.userInfo.email],
    });
    await expectKoreAuth(kore.requests[0].headers, event.userInfo.email);
  }, 90_000);
});

describe.each(testDatabaseKinds())('Kore.ai without credentials on %s', (kind) => {
  let database: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    database = await TestDatabase.create(kind);
    sut = await TestApp.start(database, {
      ALLOW_UNSIGNED_WEBHOOKS: 'false',
      AGENT_GENERAL_PURPOSE_URL: 'http://127.0.0.1:9',
      AGENT_HUB_URL: 'http://127.0.0.1:9',
      AGENT_TIMEOUT_MS: '200',
    });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await sut?.close();
    await database?.drop();
  });

  it('should refuse every Kore webhook when no secret is set and unsigned webhooks are not allowed', async () => {
    const seed = await sut.post('/kore-webhook', seedKoreWebhookEvent());
    const botkit = await sut.post('/webhooks/kore/botkit/sdk/bots/st-1/on_user_message', {
      requestId: '1',
      message: 'hi',
    });

    expect([seed.status, botkit.status]).toEqual([401, 401]);
    expect(await sut.count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(0);
  });

  it('should not offer proactive messages without the bot and app credentials', async () => {
    await expect(
      sut.app.get(OutboundService).queueProactive({
        platform: 'kore',
        recipient: 'mira.kaya@example.org',
        text: 'hi',
        conversationId: null,
      }),
    ).rejects.toMatchObject({ code: 'PlatformUnsupported' });
  });
});
