import { OutboundService } from 'src/replies/outbound.service';
import {
  buildUserlikeMessage,
  buildUserlikeWebhook,
  userlikeFixture,
} from 'test/factories/userlike-webhook.factory';
import {
  APOLOGY,
  BOOT_TIMEOUT_MS,
  CONNECTING,
  CRITICAL,
  HOOK_TOKEN,
  triageOf,
  UserlikeHarness,
  WELCOME,
} from 'test/factories/userlike-harness';
import { testDatabaseKinds } from 'test/setup/test-database';

describe.each(testDatabaseKinds())('POST /webhooks/userlike on %s', (kind) => {
  const h = new UserlikeHarness();

  beforeAll(async () => {
    await h.start(kind, {
      USERLIKE_FORWARD_GROUP: '42',
      USERLIKE_ANSWER_TIMEOUT_MS: '10000',
      AGENT_TIMEOUT_MS: '5000',
    });
  }, BOOT_TIMEOUT_MS);

  beforeEach(() => h.reset());

  afterAll(() => h.stop());

  it('should refuse a wrong or missing header with a generic 401 and store nothing', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { 'API-SECURITY-TOKEN': 'wrong' },
      { 'API-SECURITY-TOKEN': `${HOOK_TOKEN}x` },
      { authorization: `Bearer ${HOOK_TOKEN}` },
      { 'X-Security-Token': HOOK_TOKEN },
    ];

    for (const headers of attempts) {
      const response = await h.post(userlikeFixture('userlike-message'), headers);
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain(HOOK_TOKEN);
    }

    expect(await h.count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(0);
    expect(h.agentRequests()).toHaveLength(0);
  });

  it('should accept the header whatever the case of its name', async () => {
    const response = await h.post(userlikeFixture('userlike-start'), {
      'api-security-token': HOOK_TOKEN,
    });

    expect(response.status).toBe(200);
  });

  it('should answer a start with the welcome message and neither analyse nor route it', async () => {
    const start = userlikeFixture('userlike-start');

    const events = await h.events(start);

    const rows = await h.sut.dataSource.query<
      { id: number; event_type: string; text: string; status: string }[]
    >('SELECT id, event_type, text, status FROM webhook_messages');
    expect(rows).toHaveLength(1);
    expect(events).toEqual([
      {
        info: {
          cid: start.info.cid,
          context: {
            triage: {
              urgency_score: null,
              category: null,
              priority_level: null,
              sentiment: null,
              message_id: Number(rows[0].id),
            },
          },
        },
        packet: { name: 'message', payload: { body: WELCOME } },
      },
    ]);
    expect(rows[0]).toMatchObject({ event_type: 'start', text: '', status: 'done' });
    expect(h.agentRequests()).toHaveLength(0);
    expect(await h.count('SELECT COUNT(*) AS count FROM analytics_results')).toBe(0);
  });

  it('should welcome a WhatsApp start that carries a message and answer that message too', async () => {
    h.agentsAnswer({ status: 200, body: { reply: 'Which order is it about?' } });

    const events = await h.events(userlikeFixture('userlike-start-whatsapp'));

    expect(events.map((e) => e.packet)).toEqual([
      { name: 'message', payload: { body: WELCOME } },
      { name: 'message', payload: { body: 'Which order is it about?' } },
    ]);
    expect(h.agentRequests()).toHaveLength(1);
    expect(await h.count('SELECT COUNT(*) AS count FROM analytics_results')).toBe(1);
  });

  it("should answer a message with the agent's reply and the triage added to Userlike's context", async () => {
    const reply = 'Your order ORD-55120 ships tomorrow.';
    h.agentsAnswer({ status: 200, body: { reply } });
    const message = userlikeFixture('userlike-message');

    const events = await h.events(message);

    const [row] = await h.sut.dataSource.query<{ id: number; status: string }[]>(
      'SELECT id, status FROM webhook_messages',
    );
    expect(events).toHaveLength(1);
    expect(events[0].info.cid).toBe(message.info.cid);
    expect(events[0].packet).toEqual({ name: 'message', payload: { body: reply } });
    expect(Object.keys(events[0].info.context ?? {})).toEqual(['state', 'triage']);
    expect(events[0].info.context?.state).toBe('await_order_id');
    const triage = triageOf(events[0]);
    expect(triage.message_id).toBe(Number(row.id));
    expect(typeof triage.urgency_score).toBe('number');
    expect(['sales', 'support', 'complaint', 'inquiry', 'technical', 'general']).toContain(
      triage.category,
    );
    expect(['critical', 'high', 'normal', 'low']).toContain(triage.priority_level);
    expect(['positive', 'negative', 'neutral', 'urgent']).toContain(triage.sentiment);
    expect(row.status).toBe('done');
    const agentCall = h.agentRequests()[0].json as Record<string, unknown>;
    expect(agentCall).toMatchObject({
      platform: 'userlike',
      conversation_id: message.info.cid,
      text: 'ORD-55120',
    });
    await h.sut.app.get(OutboundService).whenIdle();
    // Went out in the answer: recorded as sent, never through the API URL.
    const rows = await h.outboundRows();
    expect(rows.map((row) => ({ ...row, attempts: Number(row.attempts) }))).toEqual([
      {
        status: 'sent',
        last_error: null,
        attempts: 0,
        kind: 'reply',
        recipient: message.info.cid,
        text: reply,
      },
    ]);
    expect(h.api.requests).toHaveLength(0);
  });

  it('should route a click as the label the contact chose', async () => {
    const events = await h.events(userlikeFixture('userlike-click'));

    expect(events).toHaveLength(1);
    expect(events[0].info.context?.state).toBe('menu');
    expect(h.agentRequests().map((r) => (r.json as { text: string }).text)).toEqual([
      'Delivery status of an order',
    ]);
  });

  it('should hand a critical message to the configured group with feedback on failure', async () => {
    const message = buildUserlikeMessage(CRITICAL, { context: { state: 'menu' } });

    const events = await h.events(message);

    expect(events.map((e) => e.packet)).toEqual([
      { name: 'message', payload: { body: CONNECTING } },
      { name: 'forward_group', payload: { group_id: 42, on_failure: 'feedback' } },
    ]);
    for (const event of events) {
      expect(event.info.cid).toBe(message.info.cid);
      expect(event.info.context?.state).toBe('menu');
      expect(triageOf(event).priority_level).toBe('critical');
    }
    expect(h.agentRequests()).toHaveLength(1);
  });

  it('should apologise for a failed forward and record it without analysis', async () => {
    const events = await h.events(userlikeFixture('userlike-forward-failed'));

    expect(events.map((e) => e.packet)).toEqual([{ name: 'message', payload: { body: APOLOGY } }]);
    const rows = await h.sut.dataSource.query<{ event_type: string; status: string }[]>(
      'SELECT event_type, status FROM webhook_messages',
    );
    expect(rows).toEqual([{ event_type: 'forward_failed', status: 'done' }]);
    expect(h.agentRequests()).toHaveLength(0);
    expect(await h.count('SELECT COUNT(*) AS count FROM analytics_results')).toBe(0);
  });

  it('should record a campaign unsubscribe and answer with no event', async () => {
    const events = await h.events(
      buildUserlikeWebhook({ name: 'campaign_unsubscribe', payload: {} }),
    );

    expect(events).toEqual([]);
    expect(
      await h.count(
        "SELECT COUNT(*) AS count FROM webhook_messages WHERE event_type = 'campaign_unsubscribe'",
      ),
    ).toBe(1);
    expect(h.agentRequests()).toHaveLength(0);
  });

  it('should store an upload and a location with readable text', async () => {
    await h.events(
      buildUserlikeWebhook({
        name: 'media',
        payload: {
          url: 'https://files.example.org/42.jpg',
          mime_type: 'image/jpeg',
          name: '42.jpg',
        },
      }),
    );
    await h.events(
      buildUserlikeWebhook({
        name: 'location',
        payload: { latitude: 41.0256, longitude: 28.9742, name: 'Galata Tower' },
      }),
    );

    const rows = await h.sut.dataSource.query<{ event_type: string; text: string }[]>(
      'SELECT event_type, text FROM webhook_messages ORDER BY id',
    );
    expect(rows).toEqual([
      { event_type: 'media', text: '[image: 42.jpg]' },
      { event_type: 'location', text: '[location: Galata Tower, 41.0256, 28.9742]' },
    ]);
    expect(h.agentRequests()).toHaveLength(2);
  });

  it('should refuse an unknown event or a bad body with 400 naming the fields and store nothing', async () => {
    const cases: [unknown, string[]][] = [
      [buildUserlikeWebhook({ name: 'typing', payload: {} }), ['packet.name']],
      [{ info: {}, packet: { name: 'message', payload: { body: 'hi' } } }, ['info.cid']],
      [buildUserlikeWebhook({ name: 'message' }), ['packet.payload.body']],
      [
        buildUserlikeWebhook({ name: 'click', payload: { value: {} } }),
        ['packet.payload.value.id'],
      ],
      [buildUserlikeMessage('hi', { cid: 'c'.repeat(192) }), ['info.cid']],
    ];

    for (const [body, fields] of cases) {
      const response = await h.post(body);
      expect(response.status).toBe(400);
      const answer = (await response.json()) as { fields: { field: string }[] };
      expect(answer.fields.map((f) => f.field)).toEqual(fields);
    }
    expect(await h.count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(0);
  });

  it('should store a repeated delivery once, call the agent once and answer it alike', async () => {
    h.agentsAnswer({ status: 200, body: { reply: 'On it!' }, delayMs: 150 });
    const message = userlikeFixture('userlike-message');

    const concurrent = await Promise.all([h.events(message), h.events(message)]);
    const later = await h.events(message);

    expect(concurrent[0]).toEqual(later);
    expect(concurrent[1]).toEqual(later);
    expect(later.map((e) => e.packet)).toEqual([{ name: 'message', payload: { body: 'On it!' } }]);
    expect(await h.count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(1);
    expect(await h.count('SELECT duplicate_count AS count FROM webhook_messages')).toBe(2);
    expect(h.agentRequests()).toHaveLength(1);
    expect(await h.count('SELECT COUNT(*) AS count FROM outbound_messages')).toBe(1);
  });

  it('should treat an equal text after our answer as a new message, by the context Userlike echoes', async () => {
    const first = buildUserlikeMessage('yes', { context: { state: 'confirm' } });
    const [answer] = await h.events(first);

    await h.events({ ...first, info: { ...first.info, context: answer.info.context } });

    expect(await h.count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(2);
    expect(h.agentRequests()).toHaveLength(2);
  });

  it('should keep the answered context within 10 KB when Userlike sends a larger one', async () => {
    const message = buildUserlikeMessage('Where is my parcel?', {
      context: { state: 'tracking', transcript: 'ş'.repeat(6000), lang: 'en' },
    });

    const events = await h.events(message);

    const context = events[0].info.context ?? {};
    expect(Buffer.byteLength(JSON.stringify(context), 'utf8')).toBeLessThanOrEqual(10240);
    expect(context).toMatchObject({ state: 'tracking', lang: 'en' });
    expect(context).not.toHaveProperty('transcript');
    expect(triageOf(events[0]).message_id).toEqual(expect.any(Number));
  });
});
