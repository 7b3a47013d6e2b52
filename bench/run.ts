import { loadBenchConfig } from 'bench/bench-config';
import { BenchEnvironment } from 'bench/bench-environment';
import type { FlushSetting } from 'bench/database';
import { type MachineInfo, machineInfo, readLoad } from 'bench/machine';
import { DrainScenario } from 'bench/drain-scenario';
import { HttpScenarios, PROFILE_RUN } from 'bench/http-scenarios';
import {
  type BenchReport,
  type BenchResults,
  buildTable,
  renderTable,
  TARGETS,
  writeReport,
} from 'bench/report';
import {
  renderCpu,
  renderDatabaseWork,
  renderLogProblems,
  renderPeakRss,
  renderProfile,
  renderRuns,
} from 'bench/report-details';
import { ScenarioRunner } from 'bench/scenario-runner';
import { SoakScenario } from 'bench/soak-scenario';
import { measureTriage } from 'bench/triage';

// `npm run bench`: see README, Benchmarks. Everything it starts, it stops, on failure too.

const startedAtMs = Date.now();
// When the soak runs without the ingest scenario to take half of, and without BENCH_SOAK_RATE.
const DEFAULT_SOAK_RATE = 100;

function log(message: string): void {
  const elapsed = Math.round((Date.now() - startedAtMs) / 1000);
  const stamp = `${String(Math.floor(elapsed / 60)).padStart(2, '0')}:${String(elapsed % 60).padStart(2, '0')}`;
  process.stdout.write(`[bench ${stamp}] ${message}\n`);
}

async function main(): Promise<number> {
  const config = loadBenchConfig();
  const env = new BenchEnvironment(config);
  const stopOnSignal = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping everything the bench started`);
    void env.tearDown().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  process.once('SIGHUP', stopOnSignal);

  const loadAtStart = readLoad();
  const results: BenchResults = {
    triage: null,
    ingest: null,
    live: null,
    webhook: null,
    profile: null,
    drain: null,
    soak: null,
    peakRssMiB: 0,
    peakRssRun: '',
    peakRssByRun: env.peakRssByRun,
    gatewayLogProblems: env.logProblemsByRun,
  };
  let machine: MachineInfo | null = null;
  let flush: FlushSetting = { before: -1, after: -1 };
  let failure: unknown = null;
  try {
    log(`load before the run: ${loadAtStart.uptime || loadAtStart.loadAverage.join(' ')}`);
    const setup = await env.setUp();
    flush = setup.flush;
    machine = machineInfo(setup.databaseVersion);
    log(
      `innodb_flush_log_at_trx_commit = ${flush.after}` +
        (flush.before === flush.after ? '' : ` (was ${flush.before}, set GLOBAL)`),
    );
    log(
      `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryMiB} MiB; node ${machine.node}; ` +
        `${machine.database}; PROCESSING_CONCURRENCY=${config.processingConcurrency}, ` +
        `DB_POOL_SIZE=${config.dbPoolSize}${config.isQuick ? '; quick mode' : ''}`,
    );
    const runner = new ScenarioRunner(env, config, log);
    const http = new HttpScenarios(runner);

    const only = new Set(config.scenarios);
    if (only.has('triage')) {
      results.triage = measureTriage();
      log(
        `0 triage: model loaded in ${results.triage.loadMs} ms; one message p50 ` +
          `${results.triage.classifyMicros.p50} µs, p99 ${results.triage.classifyMicros.p99} µs`,
      );
    }
    if (only.has('ingest')) {
      results.ingest = await http.ingest();
    }
    if (only.has('live')) {
      results.live = await http.live();
    }
    if (only.has('webhook')) {
      results.webhook = await http.webhook();
      const profileReason =
        config.profile === 'always'
          ? 'BENCH_PROFILE=always'
          : results.webhook.isCpuBound
            ? 'scenario 3 is CPU-bound'
            : null;
      if (profileReason && config.profile !== 'never') {
        results.profile = await http.profileWebhook(profileReason);
        process.stdout.write(`${renderProfile(results.profile)}\n`);
      } else if (profileReason) {
        log(`3 /webhook: ${profileReason}, but BENCH_PROFILE=never: no CPU profile`);
      } else {
        log('3 /webhook is not CPU-bound: no CPU profile (BENCH_PROFILE=always takes one anyway)');
      }
    }
    if (only.has('drain')) {
      results.drain = await new DrainScenario(runner).run();
    }
    if (only.has('soak')) {
      const halfIngest = (results.ingest?.gateway.load.okPerSecond ?? 0) / 2;
      const rate = config.soakRate ?? Math.max(1, Math.round(halfIngest || DEFAULT_SOAK_RATE));
      results.soak = await new SoakScenario(runner).run(rate);
    }
  } catch (error) {
    failure = error;
    process.stderr.write(`bench failed: ${describe(error, true)}\n`);
  } finally {
    const measuredRuns = Object.entries(env.peakRssByRun).filter(([run]) => run !== PROFILE_RUN);
    const [peakRun, peak] = measuredRuns.sort(([, a], [, b]) => b - a)[0] ?? ['', 0];
    results.peakRssMiB = peak;
    results.peakRssRun = peakRun;
    log('stopping everything the bench started');
    await env.tearDown();
  }

  const table = buildTable(results);
  const loadAtEnd = readLoad();
  const markdown = [
    ...(failure === null
      ? []
      : [`The run failed part-way (${describe(failure)}); figures so far:`, '']),
    renderTable(table),
    '',
    'Each HTTP run in full (autocannon unless marked wrk; errors are connection errors and timeouts):',
    renderRuns(results),
    '',
    'Peak RSS (VmHWM) of each gateway process:',
    renderPeakRss(results),
    '',
    'CPU during each measured run (% of one core per process, % of all cores for the machine):',
    renderCpu(results),
    '',
    'MariaDB work (server-wide, so other clients of the server count too):',
    renderDatabaseWork(results),
    '',
    'Gateway warnings and errors while it ran (not its shutdown):',
    renderLogProblems(results),
    '',
    renderProfile(results.profile),
  ].join('\n');
  const report: BenchReport = {
    startedAt: new Date(startedAtMs).toISOString(),
    finishedAt: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - startedAtMs) / 1000),
    isQuick: config.isQuick,
    machine: machine ?? machineInfo('unknown'),
    load: { atStart: loadAtStart, atEnd: loadAtEnd },
    settings: {
      warmupSeconds: config.warmupSeconds,
      durationSeconds: config.durationSeconds,
      ingestConnections: config.ingestConnections,
      webhookConnections: config.webhookConnections,
      drainMessages: config.drainMessages,
      drainConnections: config.drainConnections,
      senders: config.senders,
      processingConcurrency: config.processingConcurrency,
      dbPoolSize: config.dbPoolSize,
      openAiDelayMs: config.openAiDelayMs,
      agentDelayMs: config.agentDelayMs,
      gatewayLogLevel: config.gatewayLogLevel,
    },
    innodbFlushLogAtTrxCommit: flush,
    results,
    targets: TARGETS,
    table,
    error: failure === null ? null : describe(failure),
  };
  const file = writeReport(config.resultsDir, report, markdown);
  process.stdout.write(`\n${markdown}\n\n`);
  log(
    `load: ${loadAtStart.loadAverage.join(' ')} at the start, ${loadAtEnd.loadAverage.join(' ')} at the end`,
  );
  log(`figures written to ${file}`);
  return failure === null ? 0 : 1;
}

function describe(error: unknown, withStack = false): string {
  if (error instanceof Error) {
    return withStack ? (error.stack ?? error.message) : error.message;
  }
  return typeof error === 'string' ? error : JSON.stringify(error);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${describe(error, true)}\n`);
    process.exit(1);
  },
);
