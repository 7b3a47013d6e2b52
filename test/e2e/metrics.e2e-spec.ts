import { MessageStatus } from 'src/core/message-status';
import { OutboundMessage } from 'src/replies/outbound-message.entity';
import { OutboundStatus } from 'src/core/outbound-status';
import { buildIzerPayload } from 'test/factories/izer-payload.factory';
import { insertWebhookMessage } from 'test/factories/webhook-message.factory';
import { buildWhatsappStatusPayload, newWamid } from 'test/factories/whatsapp-payload.factory';
import { parseSamples, type Sample, valueOf } from 'test/setup/prometheus-samples';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds, truncateAll } from 'test/setup/test-database';

const SENDER_PHONE = '+905551234567';
const BOT_ID = 'st-3f2a9c1e-7b44-5d10-9a8e-0c6d5e4b3a21';
const DAY_MS = 86_400_000;

const METRIC_NAMES = [
  'gateway_http_requests_total',
  'gateway_http_request_duration_seconds_bucket',
  'gateway_messages_received_total',
  'gateway_messages_duplicate_total',
  'gateway_processing_duration_seconds_bucket',
  'gateway_analyses_total',
  'gateway_openai_failures_total',
  'gateway_agent_calls_total',
  'gateway_outbound_sends_total',
  'gateway_messages_by_status',
  'gateway_outbound_messages_by_status',
  'gateway_circuit_breaker_state',
  'gateway_process_resident_memory_bytes',
  'gateway_nodejs_heap_size_used_bytes',
  'gateway_nodejs_eventloop_lag_seconds',
];

// Every label value a series may carry, per label name: closed sets only.
const ALLOWED_LABEL_VALUES: Record<string, RegExp> = {
  platform: /^(izer|whatsapp|userlike|kindly|kore|other)$/,
  status:
    /^(received|analyzed|routed|replied|done|failed|waiting|dead|queued|sent|delivered|read|needs_template|other)$/,
  stage: /^(store|analyze|route|reply|total)$/,
  analyzer: /^(openai|heuristic|other)$/,
  agent: /^(general_purpose|business_workflow|code_debugger|agent_hub|other)$/,
  outcome:
    /^(succeeded|http_error|connection_error|timeout|response_too_large|circuit_open|other)$/,
  // OpenAI failure kinds, and the garbage collector's kinds of the default metrics.
  kind: /^(timeout|rate_limited|server_error|connection_error|request_rejected|invalid_output|circuit_open|error|other|major|minor|incremental|weakcb)$/,
  dependency:
    /^(openai|general_purpose|business_workflow|code_debugger|agent_hub|izer|whatsapp|userlike|kindly|kore|other)$/,
  state: /^(closed|open|half_open|isolated)$/,
  method: /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|other)$/,
  status_code: /^[1-5]\d\d$/,
  // Route patterns: parameters stay `:name`, never a value.
  route: /^(unmatched|\/[A-Za-z0-9_\-/:.]*)$/,
  // Histogram bucket bounds, fixed where the histogram is declared.
  le: /^(\d+(\.\d+)?|\+Inf)$/,
  // The default metrics: Node's handle and resource types, V8's heap spaces, Node's version.
  type: /^[A-Z][A-Za-z]*$/,
  space: /^[a-z_]+$/,
  version: /^v\d+\.\d+\.\d+$/,
  major: /^\d+$/,
  minor: /^\d+$/,
  patch: /^\d+$/,
};

describe.each(testDatabaseKinds())('GET /metrics on %s', (kind) => {
  let db: TestDatabase;
  let sut: TestApp;
  let agent: StubHttpServer;

  const scrape = async (app: TestApp = sut): Promise<{ text: string; samples: Sample[] }> => {
    const response = await app.get('/metrics');
    expect(response.status).toBe(200);
    const text = await response.text();
    return { text, samples: parseSamples(text) };
  };

  beforeAll(async () => {
    agent = await StubHttpServer.start();
    agent.respondWith(() => ({ status: 200, body: { status: 'accepted' } }));
    db = await TestDatabase.create(kind);
    sut = await TestApp.start(db, {
      AGENT_GENERAL_PURPOSE_URL: agent.url,
      AGENT_BUSINESS_WORKFLOW_URL: agent.url,
      AGENT_CODE_DEBUGGER_URL: agent.url,
      AGENT_HUB_URL: agent.url,
      AGENT_TIMEOUT_MS: '500',
    });
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
    await agent?.stop();
  });

  beforeEach(async () => {
    await truncateAll(sut.dataSource);
  });

  it('should answer the Prometheus text format with every gateway metric', async () => {
    await sut.get('/health/live');

    const response = await sut.get('/metrics');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const name of METRIC_NAMES) {
      expect(text).toMatch(new RegExp(`^${name}(\\{| )`, 'm'));
    }
    const types = text.split('\n').filter((l) => l.startsWith('# TYPE '));
    expect(types.length).toBeGreaterThan(0);
    expect(types.filter((line) => !line.startsWith('# TYPE gateway_'))).toEqual([]);
  });

  it('should count stored messages and outbound messages by status, every status present', async () => {
    await insertWebhookMessage(sut.dataSource, {
      status: MessageStatus.Dead,
      senderPhone: SENDER_PHONE,
    });
    await insertWebhookMessage(sut.dataSource, { status: MessageStatus.Dead });
    await insertWebhookMessage(sut.dataSource, {
      status: MessageStatus.Failed,
      nextAttemptAt: new Date(Date.now() + DAY_MS),
    });
    await sut.dataSource.getRepository(OutboundMessage).save({
      platform: 'whatsapp',
      recipient: SENDER_PHONE,
      text: 'reply',
      status: OutboundStatus.Delivered,
      createdAt: new Date(),
      updatedAt: new Date(),
    });

    const { text, samples } = await scrape();

    const byStatus = (status: string) => valueOf(samples, 'gateway_messages_by_status', { status });
    expect(byStatus('dead')).toBe(2);
    expect(byStatus('failed')).toBe(1);
    for (const status of ['received', 'analyzed', 'routed', 'replied', 'done']) {
      expect(byStatus(status)).toBe(0);
    }
    expect(valueOf(samples, 'gateway_outbound_messages_by_status', { status: 'delivered' })).toBe(
      1,
    );
    expect(valueOf(samples, 'gateway_outbound_messages_by_status', { status: 'queued' })).toBe(0);
    expect(text).not.toContain(SENDER_PHONE.slice(1));
  });

  it('should count a webhook under its route pattern and status code, with its latency', async () => {
    const route = { method: 'POST', route: '/webhooks/whatsapp', status_code: '200' };
    const before = await scrape();
    const requestsBefore = valueOf(before.samples, 'gateway_http_requests_total', route) ?? 0;
    const latencyBefore =
      valueOf(before.samples, 'gateway_http_request_duration_seconds_count', route) ?? 0;

    // Status reports only: stored as outbound updates, nothing to analyse or route.
    const response = await sut.post(
      '/webhooks/whatsapp',
      buildWhatsappStatusPayload([{ id: newWamid(), status: 'delivered' }]),
    );

    expect(response.status).toBe(200);
    const after = await scrape();
    expect(valueOf(after.samples, 'gateway_http_requests_total', route)).toBe(requestsBefore + 1);
    expect(valueOf(after.samples, 'gateway_http_request_duration_seconds_count', route)).toBe(
      latencyBefore + 1,
    );
  });

  it('should count the analysis and the agent call of a processed message', async () => {
    const total = (samples: Sample[], name: string, labels: Record<string, string>): number =>
      samples
        .filter(
          (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
        )
        .reduce((sum, s) => sum + s.value, 0);
    const before = (await scrape()).samples;

    // İzer's route answers once the message is analysed and routed.
    const response = await sut.post(
      '/webhook',
      buildIzerPayload({ phone_number: SENDER_PHONE, current_message: 'Where is my order?' }),
    );

    expect(response.status).toBe(200);
    const after = (await scrape()).samples;
    expect(total(after, 'gateway_analyses_total', { analyzer: 'heuristic' })).toBe(
      total(before, 'gateway_analyses_total', { analyzer: 'heuristic' }) + 1,
    );
    expect(total(after, 'gateway_agent_calls_total', { outcome: 'succeeded' })).toBe(
      total(before, 'gateway_agent_calls_total', { outcome: 'succeeded' }) + 1,
    );
  });

  it('should count each method and status code of a route in its own series', async () => {
    const series = (method: string, statusCode: string): Record<string, string> => ({
      method,
      route: '/health/live',
      status_code: statusCode,
    });
    const count = (samples: Sample[], labels: Record<string, string>): number =>
      valueOf(samples, 'gateway_http_requests_total', labels) ?? 0;
    const before = (await scrape()).samples;

    await sut.get('/health/live');
    await sut.get('/health/live');
    await fetch(`${sut.url}/health/live`, { method: 'HEAD' });

    const after = (await scrape()).samples;
    expect([
      count(after, series('GET', '200')) - count(before, series('GET', '200')),
      count(after, series('HEAD', '200')) - count(before, series('HEAD', '200')),
    ]).toEqual([2, 1]);
  });

  it('should serve without Express-style middleware, so @fastify/middie is not loaded', () => {
    expect(sut.app.getHttpAdapter().getInstance().hasPlugin('@fastify/middie')).toBe(false);
  });

  it('should label a request by its route pattern, never by the ids in its URL', async () => {
    // An event BotKit does not send: refused by the route's pipe, so nothing is stored.
    await sut.post(`/webhooks/kore/botkit/sdk/bots/${BOT_ID}/on_no_such_event`, {});
    await sut.get('/no/such/route/conv-7f3a9c');

    const { text, samples } = await scrape();

    const botkit = samples.find(
      (s) =>
        s.name === 'gateway_http_requests_total' &&
        s.labels.route === '/webhooks/kore/botkit/sdk/bots/:botId/:eventName',
    );
    expect(botkit?.labels.status_code).toBe('404');
    expect(
      valueOf(samples, 'gateway_http_requests_total', { route: 'unmatched', status_code: '404' }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(BOT_ID);
    expect(text).not.toContain('conv-7f3a9c');
  });

  it('should use closed sets of label values only', async () => {
    await sut.get('/stats?hours=24');

    const { samples } = await scrape();

    const ours = samples.filter((s) => s.name.startsWith('gateway_'));
    expect(ours.length).toBeGreaterThan(0);
    // A label without a closed set counts as outside it, so a new label cannot slip through.
    const outside = ours.flatMap((sample) =>
      Object.entries(sample.labels)
        .filter(([label, value]) => !ALLOWED_LABEL_VALUES[label]?.test(value))
        .map(([label, value]) => `${sample.name}{${label}="${value}"}`),
    );
    expect([...new Set(outside)]).toEqual([]);
    // Every closed-set series exists from the start, so rate() and alerts work before traffic.
    expect(
      valueOf(samples, 'gateway_agent_calls_total', { agent: 'agent_hub', outcome: 'succeeded' }),
    ).toBe(0);
    expect(valueOf(samples, 'gateway_messages_received_total', { platform: 'kindly' })).toBe(0);
  });

  it('should report the circuit breaker of OpenAI and of every agent', async () => {
    const { samples } = await scrape();

    for (const dependency of [
      'openai',
      'general_purpose',
      'business_workflow',
      'code_debugger',
      'agent_hub',
    ]) {
      expect(
        valueOf(samples, 'gateway_circuit_breaker_state', { dependency, state: 'closed' }),
      ).toBe(1);
      expect(valueOf(samples, 'gateway_circuit_breaker_state', { dependency, state: 'open' })).toBe(
        0,
      );
    }
  });

  it('should keep a registry per app, so two apps in one process count apart', async () => {
    const other = await TestApp.start(db, { AGENT_TIMEOUT_MS: '300' });
    try {
      const route = { method: 'GET', route: '/health/live', status_code: '200' };
      const before = valueOf((await scrape()).samples, 'gateway_http_requests_total', route) ?? 0;

      await other.get('/health/live');
      await other.get('/health/live');

      expect(valueOf((await scrape(other)).samples, 'gateway_http_requests_total', route)).toBe(2);
      expect(valueOf((await scrape()).samples, 'gateway_http_requests_total', route) ?? 0).toBe(
        before,
      );
    } finally {
      await other.close();
    }
  });
});
