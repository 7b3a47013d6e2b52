import { shippedTriageOf } from 'test/factories/triage-model.factory';
import { KORE_ACKNOWLEDGEMENT } from 'src/platforms/kore/kore.adapter';
import { OutboundService } from 'src/replies/outbound.service';
import {
  buildKoreWebhookEvent,
  seedKoreWebhookEvent,
} from 'test/factories/kore-webhook-event.factory';
import {
  KORE_AUTHORIZED,
  KORE_WEBHOOK_TOKEN,
  type KoreAnswer,
  koreEnv,
  type KoreOutboundRow,
} from 'test/factories/kore-webhook-env.factory';
import { resetKoreSuite } from 'test/setup/kore-api-stub';
import { StubAgents } from 'test/setup/stub-agents';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds } from 'test/setup/test-database';

const ADMIN_API_TOKEN = 'admin-token-for-kore-tests-0123456789';
const NOTICE_START = 'Hi plain.customer, we noticed something important in your message.';

// Migrating a fresh MariaDB schema and booting the app can take a while on a busy machine.
const BOOT_TIMEOUT_MS = 120_000;

describe.each(testDatabaseKinds())('Kore.ai seed 000 webhook on %s', (kind) => {
  let database: TestDatabase;
  let sut: TestApp;
  let kore: StubHttpServer;
  let agents: StubAgents;

  const agentCalls = (): number => agents.requests().length;
  const outboundRows = (): Promise<KoreOutboundRow[]> =>
    sut.dataSource.query<KoreOutboundRow[]>(
      'SELECT kind, status, recipient, text, external_id, attempts, last_error FROM outbound_messages ORDER BY id',
    );
  const post = async (body: unknown, path = '/kore-webhook'): Promise<KoreAnswer> => {
    const response = await sut.post(path, body, KORE_AUTHORIZED);
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
      ADMIN_API_TOKEN,
    });
  }, BOOT_TIMEOUT_MS);

  beforeEach(async () => {
    await resetKoreSuite(sut, kore);
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
      { authorization: `Bearer ${KORE_WEBHOOK_TOKEN}x` },
      { authorization: KORE_WEBHOOK_TOKEN },
      { authorization: `Basic ${KORE_WEBHOOK_TOKEN}` },
    ];

    for (const path of ['/kore-webhook', '/webhooks/kore']) {
      for (const headers of attempts) {
        const response = await sut.post(path, seedKoreWebhookEvent(), headers);
        expect(response.status).toBe(401);
        expect(await response.text()).not.toContain(KORE_WEBHOOK_TOKEN);
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
      const response = await sut.post('/kore-webhook', body, KORE_AUTHORIZED);
      expect(response.status).toBe(400);
      const answer = (await response.json()) as { fields: { field: string }[] };
      expect(answer.fields.map((f) => f.field).sort()).toEqual([...fields].sort());
    }
    expect(await sut.count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(0);
  });

  it('should notify about a plain message an important-customer rule made critical', async () => {
    const event = buildKoreWebhookEvent('What are your opening hours?', {
      userInfo: { email: 'plain.customer@example.org' },
    });
    const before = await post(buildKoreWebhookEvent('What are your opening hours?'));
    const rule = await sut.post(
      '/admin/important-customers',
      { platform_user_id: event.userInfo.email, name: 'Plain Customer', priority_boost: 5 },
      { authorization: `Bearer ${ADMIN_API_TOKEN}` },
    );
    expect(rule.status).toBe(201);

    const body = await post(event);

    // The same text without the rule: a plain message, no notice.
    expect(before.context).toMatchObject({ should_notify: false, priority_level: 'normal' });
    const plainScore = shippedTriageOf('What are your opening hours?').urgencyScore;
    expect(before.context.score).toBe(plainScore);
    const boosted = Math.min(10, plainScore + 5);
    expect(body.text.startsWith(NOTICE_START)).toBe(true);
    expect(body.context).toMatchObject({
      score: boosted,
      should_notify: true,
      urgency_score: boosted,
      priority_level: 'critical',
    });
    expect(agentCalls()).toBe(2);
  });
});
