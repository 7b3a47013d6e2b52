import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

/**
 * Which load generator runs a measurement. autocannon runs in the bench's own process and can
 * build every request (bodies, signatures); wrk, a C program, spends far less CPU per request,
 * which matters when the server under test answers in microseconds on a machine of 2 cores.
 */
export type LoadGenerator = 'autocannon' | 'wrk';
/**
 * wrk makes the closed-loop runs by duration that it can make (one fixed GET, or requests its
 * spec also gives as a Lua script): `auto` when it is installed, `wrk` always (failing when it is
 * not); autocannon makes the others.
 */
export type LoadGeneratorChoice = LoadGenerator | 'auto';

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
  // The same requests as `nextRequest`, as a wrk Lua script defining `request()`; called once
  // per run, so each run can take ids of its own.
  wrkScript?: () => string;
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
  generator: LoadGenerator;
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

export function runLoad(
  spec: LoadSpec,
  choice: LoadGeneratorChoice = 'autocannon',
): Promise<LoadFigures> {
  const isFixedGet = (spec.method ?? 'GET') === 'GET' && spec.nextRequest === undefined;
  const isWrkRun =
    (isFixedGet || spec.wrkScript !== undefined) &&
    spec.overallRate === undefined &&
    spec.amount === undefined;
  if (isWrkRun && (choice === 'wrk' || (choice === 'auto' && isWrkInstalled()))) {
    return runWrk(spec);
  }
  return runAutocannon(spec);
}

let wrkInstalled: boolean | null = null;

export function isWrkInstalled(): boolean {
  wrkInstalled ??= spawnSync('wrk', ['-v'], { stdio: 'ignore' }).error === undefined;
  return wrkInstalled;
}

async function runAutocannon(spec: LoadSpec): Promise<LoadFigures> {
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
    generator: 'autocannon',
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

// One thread: the machine has 2 cores and the server under test needs one of them.
async function runWrk(spec: LoadSpec): Promise<LoadFigures> {
  const durationSeconds = spec.durationSeconds ?? 10;
  const script = spec.wrkScript ? writeScript(spec.wrkScript()) : null;
  const args = [
    '-t1',
    `-c${spec.connections}`,
    `-d${durationSeconds}s`,
    `--timeout`,
    `${spec.timeoutSeconds ?? 10}s`,
    '--latency',
    ...Object.entries(spec.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]),
    ...(script ? ['-s', script.file] : []),
    spec.url,
  ];
  try {
    const output = await new Promise<string>((resolve, reject) => {
      execFile('wrk', args, { timeout: (durationSeconds + 60) * 1000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`wrk failed: ${error.message} ${stderr}`)) : resolve(stdout),
      );
    });
    return { ...parseWrkOutput(output), connections: spec.connections };
  } finally {
    if (script) {
      rmSync(script.directory, { recursive: true, force: true });
    }
  }
}

function writeScript(source: string): { directory: string; file: string } {
  const directory = mkdtempSync(join(tmpdir(), 'bench-wrk-'));
  const file = join(directory, 'requests.lua');
  writeFileSync(file, source);
  return { directory, file };
}

/** The figures of wrk's report (`--latency`); wrk counts every answer that is not 2xx or 3xx. */
export function parseWrkOutput(output: string): Omit<LoadFigures, 'connections'> {
  const match = (pattern: RegExp): RegExpExecArray => {
    const found = pattern.exec(output);
    if (!found) {
      throw new Error(`wrk's report has no ${String(pattern)}:\n${output}`);
    }
    return found;
  };
  const totals = match(/(\d+) requests in ([\d.]+)(us|ms|s|m|h),/);
  const responses = Number(totals[1]);
  const durationSeconds = toMs(Number(totals[2]), totals[3]) / 1000;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const timeouts = Number(socket?.[4] ?? 0);
  const errors = socket
    ? Number(socket[1]) + Number(socket[2]) + Number(socket[3]) + timeouts
    : 0;
  const latency = (label: string): number => {
    const found = match(new RegExp(`\\s${label}%?\\s+([\\d.]+)(us|ms|s|m|h)`));
    return round(toMs(Number(found[1]), found[2]), 2);
  };
  const stats = match(/Latency\s+([\d.]+)(us|ms|s|m|h)\s+[\d.]+\w+\s+([\d.]+)(us|ms|s|m|h)/);
  const ok = responses - non2xx;
  return {
    generator: 'wrk',
    durationSeconds,
    overallRate: null,
    responses,
    ok,
    okPerSecond: durationSeconds > 0 ? ok / durationSeconds : 0,
    non2xx,
    errors,
    timeouts,
    // wrk counts the answers that are not 2xx or 3xx, not their codes.
    statusCodes: non2xx > 0 ? { '2xx/3xx': ok, other: non2xx } : { '2xx/3xx': ok },
    latencyMs: {
      p50: latency('50'),
      p90: latency('90'),
      p99: latency('99'),
      max: round(toMs(Number(stats[3]), stats[4]), 2),
      mean: round(toMs(Number(stats[1]), stats[2]), 2),
    },
  };
}

function toMs(value: number, unit: string): number {
  const factors: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  return value * (factors[unit] ?? Number.NaN);
}

export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
