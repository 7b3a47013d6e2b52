/* eslint-disable no-restricted-properties -- the A/B run's own knobs, like bench-config.ts */
import { loadBenchConfig } from 'bench/bench-config';
import { BenchEnvironment } from 'bench/bench-environment';
import { type LoadSpec, round } from 'bench/load';
import { IzerRequests } from 'bench/payloads';
import { readMainThreadSchedstat } from 'bench/process-stats';
import { ScenarioRunner } from 'bench/scenario-runner';
import { waitUntilSettled } from 'bench/settle';

// `npm run bench:ab`: scenario 3 (İzer's synchronous `/webhook`) for several variants of the
// gateway, one fresh gateway on a fresh database per run, the variants alternating round after
// round. On a small shared machine the figures of two runs minutes apart differ by 30% and more;
// alternating pairs are what tells two builds or two sets of Node flags apart. See README,
// Benchmarks.

interface Variant {
  label: string;
  // A checkout with its own `npm run build` done; by default this one.
  rootDir: string;
  nodeArgs: string[];
}

interface AbRun {
  variant: string;
  okPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  // CPU per answered request, in ms: the gateway's process, MariaDB, and the gateway's main
  // thread (the event loop) running and waiting for a core (`/proc/<pid>/task/<pid>/schedstat`).
  processMs: number;
  mariadbMs: number;
  eventLoopRunMs: number | null;
  eventLoopWaitMs: number | null;
  peakRssMiB: number;
}

// As scenario 3 does: the measured run starts once the warm-up's requests are finished.
const SETTLE_TIMEOUT_MS = 30_000;

// `label=flags;label@/other/checkout=flags`: Node flags after `npm start`'s own.
function parseVariants(value: string | undefined, defaultRoot: string): Variant[] {
  const text = value?.trim() || 'this=';
  return text.split(';').map((entry) => {
    const split = entry.indexOf('=');
    if (split <= 0) {
      throw new Error(`BENCH_AB_VARIANTS: expected label=flags, got "${entry}"`);
    }
    const [label, rootDir] = entry.slice(0, split).trim().split('@');
    return {
      label,
      rootDir: rootDir ?? defaultRoot,
      nodeArgs: entry
        .slice(split + 1)
        .split(/\s+/)
        .filter((arg) => arg !== ''),
    };
  });
}

async function measure(runner: ScenarioRunner, variant: Variant): Promise<AbRun> {
  const { env, config } = runner;
  const gateway = await env.startGateway('ab', {
    rootDir: variant.rootDir,
    nodeArgs: variant.nodeArgs,
  });
  let measured: Omit<AbRun, 'peakRssMiB'>;
  let peak = 0;
  try {
    const requests = new IzerRequests();
    const spec: LoadSpec = {
      url: `${gateway.url}/webhook`,
      connections: config.webhookConnections,
      method: 'POST',
      nextRequest: () => requests.next(),
      wrkScript: () => requests.wrkScript(),
    };
    // The main thread's times from the end of the warm-up (and its settling) to the end of the run.
    let before: [number, number] | null = null;
    const { load, cpu } = await runner.measure(variant.label, gateway.pid, spec, async () => {
      if (!(await waitUntilSettled(env, config.gatewayDatabase, SETTLE_TIMEOUT_MS))) {
        runner.log(`  the warm-up's requests were not finished; measuring anyway`);
      }
      before = readMainThreadSchedstat(gateway.pid);
    });
    const after = readMainThreadSchedstat(gateway.pid);
    // Set by the callback above (TypeScript does not follow the assignment into it).
    const start = before as [number, number] | null;
    // % of one core over the run, as ms per answered request.
    const perRequest = (percentOfCore: number | undefined): number =>
      load.ok > 0 ? round(((percentOfCore ?? 0) * 10 * config.durationSeconds) / load.ok, 3) : 0;
    const threadMs = (index: 0 | 1): number | null =>
      start && after && load.ok > 0
        ? round((after[index] - start[index]) / 1e6 / load.ok, 3)
        : null;
    measured = {
      variant: variant.label,
      okPerSecond: Math.round(load.okPerSecond),
      p50Ms: load.latencyMs.p50,
      p99Ms: load.latencyMs.p99,
      non2xx: load.non2xx,
      processMs: perRequest(cpu.processes.server),
      mariadbMs: perRequest(cpu.processes.mariadb),
      eventLoopRunMs: threadMs(0),
      eventLoopWaitMs: threadMs(1),
    };
  } finally {
    peak = await env.stopGateway('ab');
  }
  return { ...measured, peakRssMiB: round(peak, 1) };
}

function describe(run: AbRun): string {
  const thread =
    run.eventLoopRunMs === null
      ? ''
      : `, event loop ${run.eventLoopRunMs} ms running + ${run.eventLoopWaitMs} ms waiting for a core`;
  return (
    `${run.variant}: ${run.okPerSecond} 2xx/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, ` +
    `non-2xx ${run.non2xx}; ` +
    `CPU per request: process ${run.processMs} ms, MariaDB ${run.mariadbMs} ms${thread}; ` +
    `peak RSS ${run.peakRssMiB} MiB`
  );
}

function summary(variant: string, runs: AbRun[]): string {
  const rates = runs.map((run) => run.okPerSecond);
  const mean = Math.round(rates.reduce((sum, rate) => sum + rate, 0) / rates.length);
  return `${variant}: ${rates.join(', ')} 2xx/s (mean ${mean})`;
}

async function main(): Promise<void> {
  const config = loadBenchConfig();
  const variants = parseVariants(process.env.BENCH_AB_VARIANTS, config.rootDir);
  const rounds = Number(process.env.BENCH_AB_ROUNDS ?? 3);
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new Error(
      `BENCH_AB_ROUNDS must be a positive integer, not "${process.env.BENCH_AB_ROUNDS}"`,
    );
  }
  const env = new BenchEnvironment(config);
  const runner = new ScenarioRunner(env, config, (message) =>
    process.stdout.write(`[ab] ${message}\n`),
  );
  const interrupt = (): void => void env.tearDown().finally(() => process.exit(130));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const runs: AbRun[] = [];
  try {
    await env.setUp();
    for (let index = 1; index <= rounds; index++) {
      for (const variant of variants) {
        const run = await measure(runner, variant);
        runs.push(run);
        process.stdout.write(`[ab round ${index}/${rounds}] ${describe(run)}\n`);
      }
    }
  } finally {
    await env.tearDown();
  }
  for (const { label } of variants) {
    process.stdout.write(
      `${summary(
        label,
        runs.filter((run) => run.variant === label),
      )}\n`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
