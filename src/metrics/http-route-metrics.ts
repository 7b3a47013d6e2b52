import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Counter, Histogram } from 'prom-client';
import { clampLabel, clampStatusCode, HTTP_METHODS } from 'src/metrics/metric-labels';

type HttpLabel = 'method' | 'route' | 'status_code';

interface HttpSeries {
  requests: { inc(): void };
  duration: { observe(seconds: number): void };
}

/**
 * The HTTP series of one route pattern. Label children are bound once per method and status
 * code and kept, so a request costs a map look-up by number and two updates: no label object,
 * no clamping and no closure per request.
 */
export class HttpRouteMetrics {
  private readonly series = new Map<number, HttpSeries>();

  constructor(
    private readonly route: string,
    private readonly requests: Counter<HttpLabel>,
    private readonly duration: Histogram<HttpLabel>,
  ) {}

  // An arrow property: bound once, handed to Fastify as the route's own `onResponse` hook.
  readonly onResponse = (
    request: FastifyRequest,
    reply: FastifyReply,
    done: HookHandlerDoneFunction,
  ): void => {
    this.record(request.method, reply.statusCode, reply.elapsedTime / 1000);
    done();
  };

  record(method: string, statusCode: number, seconds: number): void {
    // Methods outside the list share index -1 (`other`).
    const key = statusCode * 16 + HTTP_METHODS.indexOf(method) + 1;
    let series = this.series.get(key);
    if (series === undefined) {
      const labels = {
        method: clampLabel(method, HTTP_METHODS),
        route: this.route,
        status_code: clampStatusCode(statusCode),
      };
      series = { requests: this.requests.labels(labels), duration: this.duration.labels(labels) };
      this.series.set(key, series);
    }
    series.requests.inc();
    if (Number.isFinite(seconds) && seconds >= 0) {
      series.duration.observe(seconds);
    }
  }
}
