import { CircuitState } from 'cockatiel';
import { GatewayMetrics } from 'src/metrics/gateway-metrics';
import type { MetricsRepository, StatusCountRow } from 'src/metrics/metrics.repository';

function repositoryWith(
  messages: StatusCountRow[] | Error,
  outbound: StatusCountRow[] = [],
): MetricsRepository {
  return {
    countMessagesByStatus: () =>
      messages instanceof Error ? Promise.reject(messages) : Promise.resolve(messages),
    countOutboundByStatus: () => Promise.resolve(outbound),
  } as unknown as MetricsRepository;
}

function lineOf(text: string, series: string): string | undefined {
  return text.split('\n').find((line) => line.startsWith(`${series} `));
}

describe(GatewayMetrics.name, () => {
  let sut: GatewayMetrics;

  afterEach(() => {
    sut?.onModuleDestroy();
  });

  it('should clamp label values outside the closed sets to other', async () => {
    sut = new GatewayMetrics(repositoryWith([]));

    sut.messageReceived('whatsapp');
    sut.messageReceived('+905551234567');
    sut.agentCall('agent_hub', 'succeeded');
    sut.agentCall('http://evil.example', 'teapot');
    sut.outboundSend('kore', 'needs_template');
    sut.openAiFailure('msg-4711');
    const text = await sut.scrape();

    expect(lineOf(text, 'gateway_messages_received_total{platform="whatsapp"}')).toMatch(/ 1$/);
    expect(lineOf(text, 'gateway_messages_received_total{platform="other"}')).toMatch(/ 1$/);
    expect(lineOf(text, 'gateway_agent_calls_total{agent="other",outcome="other"}')).toMatch(/ 1$/);
    expect(
      lineOf(text, 'gateway_outbound_sends_total{platform="kore",status="needs_template"}'),
    ).toMatch(/ 1$/);
    expect(lineOf(text, 'gateway_openai_failures_total{kind="other"}')).toMatch(/ 1$/);
    expect(text).not.toContain('905551234567');
    expect(text).not.toContain('evil');
    expect(text).not.toContain('msg-4711');
  });

  it('should observe stage durations and ignore impossible ones', async () => {
    sut = new GatewayMetrics(repositoryWith([]));

    sut.stageDuration('analyze', 0.2);
    sut.stageDuration('analyze', -1);
    sut.stageDuration('analyze', Number.NaN);
    const text = await sut.scrape();

    expect(lineOf(text, 'gateway_processing_duration_seconds_count{stage="analyze"}')).toMatch(
      / 1$/,
    );
    expect(lineOf(text, 'gateway_processing_duration_seconds_count{stage="total"}')).toMatch(/ 0$/);
  });

  it('should emit every message status from the database, unknown ones as other', async () => {
    sut = new GatewayMetrics(
      repositoryWith(
        [
          { status: 'done', count: 7 },
          { status: 'dead', count: 2 },
          { status: 'legacy', count: 1 },
        ],
        [{ status: 'sent', count: 3 }],
      ),
    );

    const text = await sut.scrape();

    expect(lineOf(text, 'gateway_messages_by_status{status="done"}')).toMatch(/ 7$/);
    expect(lineOf(text, 'gateway_messages_by_status{status="dead"}')).toMatch(/ 2$/);
    expect(lineOf(text, 'gateway_messages_by_status{status="failed"}')).toMatch(/ 0$/);
    expect(lineOf(text, 'gateway_messages_by_status{status="routed"}')).toMatch(/ 0$/);
    expect(lineOf(text, 'gateway_messages_by_status{status="other"}')).toMatch(/ 1$/);
    expect(lineOf(text, 'gateway_outbound_messages_by_status{status="sent"}')).toMatch(/ 3$/);
    expect(lineOf(text, 'gateway_outbound_messages_by_status{status="queued"}')).toMatch(/ 0$/);
  });

  it('should leave the gauge without samples rather than report zeros when the database fails', async () => {
    sut = new GatewayMetrics(repositoryWith(new Error('connection lost')));

    const text = await sut.scrape();

    expect(text).not.toMatch(/^gateway_messages_by_status\{/m);
    expect(lineOf(text, 'gateway_outbound_messages_by_status{status="queued"}')).toMatch(/ 0$/);
  });

  it('should read each watched circuit breaker at scrape time', async () => {
    sut = new GatewayMetrics(repositoryWith([]));
    let state = CircuitState.Closed;
    sut.watchCircuit('openai', () => state);

    state = CircuitState.Open;
    const text = await sut.scrape();

    expect(lineOf(text, 'gateway_circuit_breaker_state{dependency="openai",state="open"}')).toMatch(
      / 1$/,
    );
    expect(
      lineOf(text, 'gateway_circuit_breaker_state{dependency="openai",state="closed"}'),
    ).toMatch(/ 0$/);
  });

  it('should keep a registry of its own, so two instances never collide', async () => {
    sut = new GatewayMetrics(repositoryWith([]));
    const other = new GatewayMetrics(repositoryWith([]));
    try {
      other.httpRequest('GET', '/stats', 200, 0.01);

      expect(await sut.scrape()).not.toContain('route="/stats"');
      expect(
        lineOf(
          await other.scrape(),
          'gateway_http_requests_total{method="GET",route="/stats",status_code="200"}',
        ),
      ).toMatch(/ 1$/);
    } finally {
      other.onModuleDestroy();
    }
  });
});
