import { Counter, Histogram, type Registry } from 'prom-client';

export type HttpLabel = 'method' | 'route' | 'status_code';
export type HttpLabels = Record<HttpLabel, string>;

/**
 * One series of the HTTP metrics (a route pattern, a method, a status code) as plain numbers: a
 * request costs a few additions. prom-client's own label children validate and hash their labels
 * on every `inc` and `observe`; here that happens once per series, when `/metrics` is scraped.
 */
export class HttpSeries {
  requests = 0;
  observations = 0;
  sum = 0;
  // Per upper bound, not cumulative; an observation above the last bound is only counted.
  readonly buckets: Float64Array;

  constructor(
    readonly labels: HttpLabels,
    private readonly upperBounds: readonly number[],
  ) {
    this.buckets = new Float64Array(upperBounds.length);
  }

  record(seconds: number): void {
    this.requests += 1;
    if (!Number.isFinite(seconds) || seconds < 0) {
      return;
    }
    this.observations += 1;
    this.sum += seconds;
    const bounds = this.upperBounds;
    for (let index = 0; index < bounds.length; index += 1) {
      if (seconds <= bounds[index]) {
        this.buckets[index] += 1;
        return;
      }
    }
  }
}

interface ExportedValue {
  labels: Record<string, string | number>;
  sharedLabels: HttpLabels;
  value: number;
  metricName: string;
  // As prom-client's histogram has it without exemplars: null on buckets, undefined otherwise.
  exemplar: null | undefined;
}

/**
 * `<prefix>http_requests_total` and `<prefix>http_request_duration_seconds`, read from the series
 * at scrape time. The histogram keeps prom-client's text and JSON output (the same lines, labels
 * and order as its own `observe` would give), so dashboards and tests read it as before.
 */
export class HttpSeriesMetrics {
  private readonly all: HttpSeries[] = [];

  constructor(
    prefix: string,
    private readonly upperBounds: readonly number[],
    registry: Registry,
  ) {
    const series = this.all;
    new Counter<HttpLabel>({
      name: `${prefix}http_requests_total`,
      help: 'HTTP requests answered, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status_code'],
      registers: [registry],
      collect() {
        this.reset();
        for (const one of series) {
          if (one.requests > 0) {
            this.inc(one.labels, one.requests);
          }
        }
      },
    });
    new SeriesHistogram(
      {
        name: `${prefix}http_request_duration_seconds`,
        help: 'Time from receiving a request to sending its answer, by method, route pattern and status code.',
        labelNames: ['method', 'route', 'status_code'],
        buckets: [...upperBounds],
        registers: [registry],
      },
      series,
      upperBounds,
    );
  }

  /** A new series; the caller keeps it (one per route, method and status code). */
  add(labels: HttpLabels): HttpSeries {
    const series = new HttpSeries(labels, this.upperBounds);
    this.all.push(series);
    return series;
  }
}

type HistogramConfiguration = ConstructorParameters<typeof Histogram<HttpLabel>>[0];

interface Exported {
  name: string;
  help: string;
  type: 'histogram';
  aggregator: 'sum';
  values: ExportedValue[];
}

// prom-client's registry asks a metric for `getForPromString()` (text) or `get()` (JSON); both
// are answered from the series, in the shape prom-client's `Histogram` gives them.
class SeriesHistogram extends Histogram<HttpLabel> {
  private readonly metricName: string;
  private readonly metricHelp: string;

  constructor(
    configuration: HistogramConfiguration,
    private readonly series: readonly HttpSeries[],
    private readonly upperBounds: readonly number[],
  ) {
    super(configuration);
    this.metricName = configuration.name;
    this.metricHelp = configuration.help;
  }

  getForPromString(): Promise<Exported> {
    const values: ExportedValue[] = [];
    const bucketName = `${this.metricName}_bucket`;
    for (const one of this.series) {
      if (one.observations === 0) {
        continue;
      }
      let cumulative = 0;
      one.buckets.forEach((count, index) => {
        cumulative += count;
        values.push(exported({ le: this.upperBounds[index] }, one, cumulative, bucketName, null));
      });
      values.push(exported({ le: '+Inf' }, one, one.observations, bucketName, null));
      values.push(exported({}, one, one.sum, `${this.metricName}_sum`));
      values.push(exported({}, one, one.observations, `${this.metricName}_count`));
    }
    return Promise.resolve({
      name: this.metricName,
      help: this.metricHelp,
      type: 'histogram',
      aggregator: 'sum',
      values,
    });
  }

  override async get(): ReturnType<Histogram<HttpLabel>['get']> {
    const data = await this.getForPromString();
    const splayed = {
      ...data,
      values: data.values.map(({ labels, sharedLabels, ...rest }) => ({
        ...rest,
        labels: { ...labels, ...sharedLabels },
      })),
    };
    // prom-client's typings call the type an enum member; at run time it is the string.
    return splayed as unknown as Awaited<ReturnType<Histogram<HttpLabel>['get']>>;
  }
}

function exported(
  labels: Record<string, string | number>,
  series: HttpSeries,
  value: number,
  metricName: string,
  exemplar?: null,
): ExportedValue {
  return { labels, sharedLabels: series.labels, value, metricName, exemplar };
}
