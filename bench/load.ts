import autocannon from 'autocannon';

export interface LoadSpec {
  url: string;
  connections: number;
  // Either a duration or a fixed number of requests.
  durationSeconds?: number;
  amount?: number;
  // Open loop: requests per second over all connections (latency corrected for coordinated omission).
  overallRate?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  // Called for every request: a fresh body and headers (unique ids, signatures).
  nextRequest?: () => { body: string; headers: Record<string, string> };
  timeoutSeconds?: number;
}

export interface LatencyFigures {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface LoadFigures {
  connections: number;
  durationSeconds: number;
  overallRate: number | null;
  responses: number;
  ok: number;
  okPerSecond: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  latencyMs: LatencyFigures;
}

export async function runLoad(spec: LoadSpec): Promise<LoadFigures> {
  const method = spec.method ?? 'GET';
  const request: autocannon.Request = { method, path: new URL(spec.url).pathname };
  if (spec.nextRequest) {
    const next = spec.nextRequest;
    request.setupRequest = (current) => {
      const { body, headers } = next();
      return { ...current, body, headers: { ...current.headers, ...headers } };
    };
  }
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    ...(spec.amount === undefined
      ? { duration: spec.durationSeconds ?? 10 }
      : { amount: spec.amount }),
    ...(spec.overallRate === undefined ? {} : { overallRate: spec.overallRate }),
    timeout: spec.timeoutSeconds ?? 10,
    headers: spec.headers ?? {},
    requests: [request],
  });
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
  );
  const responses = Object.values(statusCodes).reduce((sum, count) => sum + count, 0);
  return {
    connections: spec.connections,
    durationSeconds: result.duration,
    overallRate: spec.overallRate ?? null,
    responses,
    ok: result['2xx'],
    okPerSecond: result.duration > 0 ? result['2xx'] / result.duration : 0,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: round(result.latency.mean, 2),
    },
  };
}

export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
