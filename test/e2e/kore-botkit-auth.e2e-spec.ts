import {
  BOT_ID,
  CLIENT_ID,
  CLIENT_SECRET,
  KoreBotkitHarness,
  PLAIN_TEXT,
} from 'test/factories/kore-botkit-harness';
import {
  buildKoreBotkitPayload,
  type KoreBotkitPayload,
  signBotkitToken,
  unsignedBotkitToken,
} from 'test/factories/kore-botkit-payload.factory';
import type { StubAgents } from 'test/setup/stub-agents';
import type { StubHttpServer } from 'test/setup/stub-http-server';
import type { TestApp } from 'test/setup/test-app';
import { testDatabaseKinds } from 'test/setup/test-database';

// Migrating a fresh MariaDB schema and booting the app can take a while on a busy machine.
const BOOT_TIMEOUT_MS = 120_000;

describe.each(testDatabaseKinds())('Kore.ai BotKit authentication and validation on %s', (kind) => {
  const h = new KoreBotkitHarness();
  const { messageRows, deliver, settle } = h;
  let sut: TestApp;
  let kore: StubHttpServer;
  let agents: StubAgents;
  let token: string;

  beforeAll(async () => {
    await h.start(kind);
    ({ sut, kore, agents, token } = h);
  }, BOOT_TIMEOUT_MS);

  beforeEach(() => h.reset());

  afterAll(() => h.stop());

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
