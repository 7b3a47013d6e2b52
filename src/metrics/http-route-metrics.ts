import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { HttpSeries, HttpSeriesMetrics } from 'src/metrics/http-series';
import { clampLabel, clampStatusCode, HTTP_METHODS } from 'src/metrics/metric-labels';

/**
 * The HTTP series of one route pattern, one per method and status code, made on first use: a
 * request costs a map look-up by number and a few additions (`HttpSeries`): no label object, no
 * clamping and no closure per request.
 */
export class HttpRouteMetrics {
  private readonly series = new Map<number, HttpSeries>();

  constructor(
    private readonly route: string,
    private readonly metrics: HttpSeriesMetrics,
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
      series = this.metrics.add({
        method: clampLabel(method, HTTP_METHODS),
        route: this.route,
        status_code: clampStatusCode(statusCode),
      });
      this.series.set(key, series);
    }
    series.record(seconds);
  }
}
