import { Counter, Histogram, Registry } from 'prom-client';
import { type HttpLabels, HttpSeriesMetrics } from 'src/metrics/http-series';

const BOUNDS = [0.005, 0.1, 1];
const LABEL_NAMES = ['method', 'route', 'status_code'] as const;

// prom-client's own Counter and Histogram fed the same requests: what the series must print.
function reference(requests: [labels: HttpLabels, seconds: number][]): Registry {
  const registry = new Registry();
  const counter = new Counter({
    name: 'x_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: LABEL_NAMES,
    registers: [registry],
  });
  const histogram = new Histogram({
    name: 'x_http_request_duration_seconds',
    help: 'Time from receiving a request to sending its answer, by method, route pattern and status code.',
    labelNames: LABEL_NAMES,
    buckets: BOUNDS,
    registers: [registry],
  });
  for (const [labels, seconds] of requests) {
    counter.inc(labels);
    if (Number.isFinite(seconds) && seconds >= 0) {
      histogram.observe(labels, seconds);
    }
  }
  return registry;
}

describe(HttpSeriesMetrics.name, () => {
  const live = { method: 'GET', route: '/health/live', status_code: '200' };
  const webhook = { method: 'POST', route: '/webhook', status_code: '401' };
  const requests: [HttpLabels, number][] = [
    [live, 0.001],
    [live, 0.005],
    [webhook, 0.3],
    [live, 0.02],
    [webhook, 7],
    [live, Number.NaN],
    [webhook, -1],
  ];

  it('should print what prom-client prints for the same requests, as text and as JSON', async () => {
    const registry = new Registry();
    const sut = new HttpSeriesMetrics('x_', BOUNDS, registry);
    const series = new Map([live, webhook].map((labels) => [labels, sut.add(labels)]));

    for (const [labels, seconds] of requests) {
      series.get(labels)?.record(seconds);
    }

    const expected = reference(requests);
    expect(await registry.metrics()).toBe(await expected.metrics());
    expect(await registry.getMetricsAsJSON()).toEqual(await expected.getMetricsAsJSON());
  });

  it('should print nothing for a series before its first request', async () => {
    const registry = new Registry();
    new HttpSeriesMetrics('x_', BOUNDS, registry).add(live);

    expect(await registry.metrics()).toBe(await reference([]).metrics());
  });
});
