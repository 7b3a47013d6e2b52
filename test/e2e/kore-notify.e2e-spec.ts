import { KORE_ACKNOWLEDGEMENT } from 'src/platforms/kore/kore.adapter';
import { OutboundService } from 'src/replies/outbound.service';
import {
  buildKoreWebhookEvent,
  seedKoreWebhookEvent,
} from 'test/factories/kore-webhook-event.factory';
import {
  expectKoreAuth,
  KORE_AUTHORIZED,
  KORE_NOTIFY_PATH,
  type KoreAnswer,
  koreEnv,
  type KoreOutboundRow,
} from 'test/factories/kore-webhook-env.factory';
import { KORE_ACCEPTED, rateLimitedOnce, resetKoreSuite } from 'test/setup/kore-api-stub';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds } from 'test/setup/test-database';
import { waitFor } from 'test/setup/wait-for';

// Migrating a fresh MariaDB schema and booting the app can take a while on a busy machine.
const BOOT_TIMEOUT_MS = 120_000;

describe.each(testDatabaseKinds())("Kore.ai's notify API on %s", (kind) => {
  let database: TestDatabase;
  let sut: TestApp;
  let kore: StubHttpServer;

  const outboundRows = (): Promise<KoreOutboundRow[]> =>
    sut.dataSource.query<KoreOutboundRow[]>(
      'SELECT kind, status, recipient, text, external_id, attempts, last_error FROM outbound_messages ORDER BY id',
    );

  beforeAll(async () => {
    kore = await StubHttpServer.start();
    database = await TestDatabase.create(kind);
    sut = await TestApp.start(database, { ...koreEnv(kore.url), OUTBOUND_MAX_BACKOFF_MS: '50' });
  }, BOOT_TIMEOUT_MS);

  beforeEach(async () => {
    await resetKoreSuite(sut, kore);
  });

  afterAll(async () => {
    await sut?.close();
    await database?.drop();
    await kore?.stop();
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
    expect(request).toMatchObject({ method: 'POST', path: KORE_NOTIFY_PATH });
    expect(request.json).toEqual({
      channel: 'msteams',
      userIdentityType: 'resolve',
      message: { type: 'text', val: 'Reminder: your session starts in 15 minutes.' },
      identities: ['mira.kaya@example.org'],
    });
    await expectKoreAuth(request.headers, 'mira.kaya@example.org');
    const rows = await sut.dataSource.query<KoreOutboundRow[]>(
      'SELECT kind, status, external_id FROM outbound_messages WHERE id = ?',
      [id],
    );
    expect(rows).toEqual([{ kind: 'proactive', status: 'sent', external_id: 'ds-1' }]);
  });

  it('should retry a notification Kore answered with 429, after its Retry-After', async () => {
    kore.respondWith(rateLimitedOnce(kore, { status: 200, body: { _id: 'ds-2' } }));
    const outbound = sut.app.get(OutboundService);

    await outbound.queueProactive({
      platform: 'kore',
      recipient: 'mira.kaya@example.org',
      text: 'Your ticket was updated.',
      conversationId: null,
    });
    await outbound.whenIdle();

    expect(kore.requests.map((request) => request.path)).toEqual([
      KORE_NOTIFY_PATH,
      KORE_NOTIFY_PATH,
    ]);
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
    kore.respondWith(() => KORE_ACCEPTED);
    const event = buildKoreWebhookEvent('What are your opening hours?');

    const response = await sut.post('/kore-webhook', event, KORE_AUTHORIZED);

    expect(response.status).toBe(200);
    const body = (await response.json()) as KoreAnswer;
    expect(body.text).toBe(KORE_ACKNOWLEDGEMENT);
    const rows = await waitFor(
      () =>
        sut.dataSource.query<KoreOutboundRow[]>(
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
    expect(kore.requests[0]).toMatchObject({ method: 'POST', path: KORE_NOTIFY_PATH });
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
