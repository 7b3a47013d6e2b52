import { shippedTriageOf } from 'test/factories/triage-model.factory';
import { type CountRow, IzerHarness, type WebhookAnswer } from 'test/factories/izer-harness';
import { buildIzerPayload, seedIzerPayload } from 'test/factories/izer-payload.factory';
import { useTestApp } from 'test/setup/suite-hooks';
import { testDatabaseKinds } from 'test/setup/test-database';

describe.each(testDatabaseKinds())('POST /webhook (İzer) on %s', (kind) => {
  const h = IzerHarness.use(kind);
  const { count, agents } = h;

  it("should answer seed 004's example with seed 004's response", async () => {
    const payload = seedIzerPayload();

    const response = await h.sut.post('/webhook', payload);

    expect(response.status).toBe(200);
    const body = (await response.json()) as WebhookAnswer;
    expect(Object.keys(body).sort()).toEqual(
      ['analysis', 'database_id', 'message_id', 'processed_at', 'routing', 'success'].sort(),
    );
    expect(body.success).toBe(true);
    expect(body.message_id).toBe(payload.message_id);
    expect(body.database_id).toEqual(expect.any(Number));
    const { keywords, ...analysis } = body.analysis ?? {};
    // Arrays parsed by fetch come from another realm than jest's, so no `expect.any(Array)`.
    expect(Array.isArray(keywords) && keywords.length > 0).toBe(true);
    // "When will my bike arrive?" before the promised date: support, routine (TRIAGE.md 3).
    expect(analysis).toEqual({
      urgency_score: shippedTriageOf(payload.current_message).urgencyScore,
      category: 'support',
      sentiment: 'neutral',
      priority_level: 'normal',
      action_required: true,
      recommended_response_time: '4hours',
    });
    expect(body.routing).toEqual({
      success: true,
      agent: 'general_purpose',
      response: { status: 'accepted' },
    });
    expect(body.processed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(agents.general.requests).toHaveLength(1);
    expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(1);
    expect(await count('SELECT COUNT(*) AS count FROM analytics_results')).toBe(1);
    expect(await count('SELECT COUNT(*) AS count FROM agent_routing')).toBe(1);
  });

  it('should store the message and its history lines before answering, without repeating lines', async () => {
    const payload = seedIzerPayload();
    await h.sut.post('/webhook', payload);
    const next = buildIzerPayload({
      phone_number: payload.phone_number,
      chat_name: payload.chat_name,
      chat_time: '2025-03-03T11:20:00Z',
      current_message: 'Bir de kask var mı?',
      history: [
        ...(payload.history ?? []),
        {
          sender: payload.chat_name ?? '',
          content: payload.current_message,
          timestamp: payload.chat_time,
          type: 'text',
        },
      ],
    });

    const response = await h.sut.post('/webhook', next);

    expect(response.status).toBe(200);
    const lines = await h.sut.dataSource.query<{ sender: string; content: string }[]>(
      'SELECT sender, content FROM message_history ORDER BY sent_at, id',
    );
    expect(lines).toEqual([
      { sender: 'Derya Yılmaz', content: 'Dün sipariş verdim, kırmızı şehir bisikleti.' },
      { sender: 'İzer', content: 'Teşekkürler, siparişiniz hazırlanıyor.' },
      { sender: 'Derya Yılmaz', content: 'Merhaba, bisikletim ne zaman gelir?' },
      { sender: 'Derya Yılmaz', content: 'Bir de kask var mı?' },
    ]);
    // "Is there a helmet too?" asks before buying: sales, so the business-workflow agent has it.
    expect(agents.business.requests).toHaveLength(1);
    const agentBody = agents.business.requests[0].json as { history: { content: string }[] };
    expect(agentBody.history.map((line) => line.content)).toEqual([
      'Dün sipariş verdim, kırmızı şehir bisikleti.',
      'Teşekkürler, siparişiniz hazırlanıyor.',
      'Merhaba, bisikletim ne zaman gelir?',
    ]);
  });

  it('should process five concurrent identical deliveries once and answer all five alike', async () => {
    const payload = buildIzerPayload({ current_message: 'My order has not arrived yet.' });
    agents.general.respondWith(() => ({ status: 200, body: { reply: 'on it' }, delayMs: 150 }));
    agents.business.respondWith(() => ({ status: 200, body: { reply: 'on it' }, delayMs: 150 }));

    const responses = await Promise.all(
      Array.from({ length: 5 }, () => h.sut.post('/webhook', payload)),
    );

    const bodies = (await Promise.all(responses.map((r) => r.json()))) as WebhookAnswer[];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(bodies.map((b) => b.database_id)).size).toBe(1);
    expect(bodies.filter((b) => b.duplicate === true)).toHaveLength(4);
    expect(bodies.filter((b) => b.duplicate === undefined)).toHaveLength(1);
    const first = bodies.find((b) => b.duplicate === undefined);
    for (const body of bodies) {
      expect(body.analysis).toEqual(first?.analysis);
      expect(body.routing).toEqual(first?.routing);
    }
    expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(1);
    expect(await count('SELECT duplicate_count AS count FROM webhook_messages')).toBe(4);
    expect(await count('SELECT COUNT(*) AS count FROM analytics_results')).toBe(1);
    expect(await count('SELECT COUNT(*) AS count FROM agent_routing')).toBe(1);
    const agentCalls = Object.values(agents).reduce((sum, a) => sum + a.requests.length, 0);
    expect(agentCalls).toBe(1);
  });

  it('should answer a later repeat with the first result and process nothing again', async () => {
    const payload = buildIzerPayload();
    const first = (await (await h.sut.post('/webhook', payload)).json()) as WebhookAnswer;

    const repeat = await h.sut.post('/webhook', payload);

    expect(repeat.status).toBe(200);
    const body = (await repeat.json()) as WebhookAnswer;
    expect(body).toEqual({ ...first, duplicate: true });
    expect(agents.general.requests).toHaveLength(1);
    expect(await count('SELECT COUNT(*) AS count FROM analytics_results')).toBe(1);
  });

  it('should take over a stored message whose processing was abandoned when it is delivered again', async () => {
    const payload = buildIzerPayload({ current_message: 'Where is my order?' });
    const first = await h.sut.post('/webhook', payload);
    const { database_id: databaseId } = (await first.json()) as WebhookAnswer;
    // As if the process had died right after storing: no analysis, no routing, still `received`.
    await h.sut.dataSource.query('DELETE FROM analytics_results');
    await h.sut.dataSource.query('DELETE FROM agent_routing');
    await h.sut.dataSource.query(
      "UPDATE webhook_messages SET status = 'received', processed_at = NULL",
    );
    agents.general.reset();
    agents.general.respondWith(() => ({ status: 200, body: { status: 'accepted' } }));

    const repeat = await h.sut.post('/webhook', payload);

    expect(repeat.status).toBe(200);
    const body = (await repeat.json()) as WebhookAnswer;
    expect(body).toMatchObject({ database_id: databaseId, duplicate: true, success: true });
    expect(body.routing).toEqual({
      success: true,
      agent: 'general_purpose',
      response: { status: 'accepted' },
    });
    expect(agents.general.requests).toHaveLength(1);
    const rows = await h.sut.dataSource.query<{ status: string; attempts: number }[]>(
      'SELECT status, attempts FROM webhook_messages',
    );
    expect(rows.map((row) => [row.status, Number(row.attempts)])).toEqual([['done', 2]]);
  });

  it('should hand a message to agent_hub when the chosen agent fails, and still answer 200 when all fail', async () => {
    agents.general.respondWith(() => ({ status: 503, body: { error: 'down' } }));

    const handedOver = (await (
      await h.sut.post('/webhook', buildIzerPayload())
    ).json()) as WebhookAnswer;

    expect(handedOver.routing.success).toBe(true);
    expect(handedOver.routing.agent).toBe('agent_hub');
    expect(agents.hub.requests).toHaveLength(1);

    agents.hub.respondWith(() => ({ status: 500, body: {} }));
    const response = await h.sut.post('/webhook', buildIzerPayload());
    expect(response.status).toBe(200);
    const failed = (await response.json()) as WebhookAnswer;
    expect(failed.success).toBe(true);
    expect(failed.routing.success).toBe(false);
    const rows = await h.sut.dataSource.query<{ status: string; last_error: string }[]>(
      'SELECT status, last_error FROM webhook_messages WHERE id = ?',
      [failed.database_id],
    );
    expect(rows).toEqual([
      { status: 'failed', last_error: 'routing failed: no agent answered (last agent_hub)' },
    ]);
  });

  it('should pass the request id and an Idempotency-Key to the agent', async () => {
    const response = await h.sut.post('/webhook', buildIzerPayload(), {
      'x-request-id': 'req-12345',
    });

    expect(response.headers.get('x-request-id')).toBe('req-12345');
    const call = agents.general.requests[0];
    expect(call.path).toBe('/process');
    expect(call.headers['x-request-id']).toBe('req-12345');
    const { database_id: databaseId } = (await response.json()) as WebhookAnswer;
    expect(call.headers['idempotency-key']).toBe(`msg-${databaseId}-general_purpose`);
  });

  it('should raise urgency for an important customer', async () => {
    await h.sut.dataSource.query(
      'INSERT INTO important_customers (phone_number, name, priority_boost, is_active, created_at) VALUES (?, ?, ?, ?, ?)',
      ['+905559998877', 'Büyük Müşteri', 3, 1, '2025-01-01 00:00:00.000'],
    );
    const text = 'Hello, what are your opening hours?';
    const plain = (await (
      await h.sut.post('/webhook', buildIzerPayload({ current_message: text }))
    ).json()) as WebhookAnswer;

    const vip = (await (
      await h.sut.post(
        '/webhook',
        buildIzerPayload({ current_message: text, phone_number: '+90 555 999 88 77' }),
      )
    ).json()) as WebhookAnswer;

    expect(Number(vip.analysis?.urgency_score)).toBe(
      Math.min(10, Number(plain.analysis?.urgency_score) + 3),
    );
  });
});

describe.each(testDatabaseKinds())('POST /webhook with IZER_WEBHOOK_TOKEN on %s', (kind) => {
  const app = useTestApp(kind, {
    IZER_WEBHOOK_TOKEN: 'izer-secret-token',
    AGENT_GENERAL_PURPOSE_URL: 'http://127.0.0.1:9',
    AGENT_HUB_URL: 'http://127.0.0.1:9',
    AGENT_TIMEOUT_MS: '200',
  });

  it('should refuse a missing or wrong bearer token with a generic 401 and store nothing', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: 'izer-secret-token' },
    ];
    for (const headers of attempts) {
      const response = await app.sut.post('/webhook', buildIzerPayload(), headers);
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain('izer-secret-token');
    }
    const rows = await app.sut.dataSource.query<CountRow[]>(
      'SELECT COUNT(*) AS count FROM webhook_messages',
    );
    expect(Number(rows[0].count)).toBe(0);
  });

  it('should accept the right bearer token', async () => {
    const response = await app.sut.post('/webhook', buildIzerPayload(), {
      authorization: 'Bearer izer-secret-token',
    });

    expect(response.status).toBe(200);
  });
});
