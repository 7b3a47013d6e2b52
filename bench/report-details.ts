import type { ServerCounters } from 'bench/database';
import type { ProfileResult } from 'bench/http-scenarios';
import { type BenchResults, httpFigure } from 'bench/report';
import { formatCpu, type Measured } from 'bench/scenario-runner';

// What the bench prints below the table: every measured run in full, CPU, database work, the
// gateway's warnings, and the CPU profile when one was taken.

function measuredRuns(results: BenchResults): [string, Measured | undefined][] {
  return [
    ['1 ingest, gateway', results.ingest?.gateway],
    ['1 ingest, one transaction per request', results.ingest?.oneTransaction],
    ['1 ingest, group commit', results.ingest?.groupCommit],
    ['2 /health/live, gateway', results.live?.gateway],
    ['2 /health/live, bare Fastify', results.live?.bareFastify],
    ['3 /webhook, gateway', results.webhook?.gateway],
  ];
}

/** Every HTTP run with its full latency figures. */
export function renderRuns(results: BenchResults): string {
  const lines = measuredRuns(results).flatMap(([label, measured]) =>
    measured ? [`- ${label}: ${httpFigure(measured.load)}`] : [],
  );
  return lines.length > 0 ? lines.join('\n') : '- none';
}

/** CPU use around each measured run, in % of one core per process and % of the machine. */
export function renderCpu(results: BenchResults): string {
  const lines = measuredRuns(results).flatMap(([label, measured]) =>
    measured ? [`- ${label}: ${formatCpu(measured.cpu)}`] : [],
  );
  if (results.drain) {
    lines.push(`- 4 drain, gateway: ${formatCpu(results.drain.cpu)}`);
  }
  return lines.length > 0 ? lines.join('\n') : '- none';
}

// Start-up notices (a platform left unconfigured) are the same every run and left out.
const START_UP_NOTICE = / is not set/;

export function renderLogProblems(results: BenchResults): string {
  const lines: string[] = [];
  for (const [run, problems] of Object.entries(results.gatewayLogProblems)) {
    const entries = Object.entries(problems).filter(([key]) => !START_UP_NOTICE.test(key));
    if (entries.length > 0) {
      lines.push(`- ${run}: ${entries.map(([key, count]) => `${count}× ${key}`).join('; ')}`);
    }
  }
  return lines.length > 0 ? lines.join('\n') : '- none';
}

/** Statements, commits and fsyncs per 2xx answer (or per message drained), server-wide. */
export function renderDatabaseWork(results: BenchResults): string {
  const lines: string[] = [];
  const add = (label: string, counters: ServerCounters | undefined): void => {
    if (counters) {
      lines.push(
        `- ${label}: ${counters.Questions} statements (${counters.Com_select} select, ` +
          `${counters.Com_insert} insert, ${counters.Com_update} update), ${counters.Com_commit} ` +
          `commits, ${counters.Innodb_data_fsyncs} fsyncs`,
      );
    }
  };
  add('1 ingest, gateway, per 2xx', results.ingest?.gateway.databasePerRequest);
  add(
    '1 ingest, one transaction per request, per 2xx',
    results.ingest?.oneTransaction.databasePerRequest,
  );
  add('1 ingest, group commit, per 2xx', results.ingest?.groupCommit.databasePerRequest);
  add('3 /webhook, gateway, per 2xx', results.webhook?.gateway.databasePerRequest);
  add('4 drain, gateway, per message', results.drain?.databasePerMessage);
  return lines.length > 0 ? lines.join('\n') : '- none';
}

export function renderPeakRss(results: BenchResults): string {
  const entries = Object.entries(results.peakRssByRun);
  return entries.length > 0
    ? entries.map(([run, mib]) => `- ${run}: ${mib.toFixed(1)} MiB`).join('\n')
    : '- no gateway ran';
}

export function renderProfile(profile: ProfileResult | null): string {
  if (!profile) {
    return 'CPU profile: not taken.';
  }
  if (!profile.summary) {
    return `CPU profile (${profile.reason}): the gateway wrote none.`;
  }
  const { summary } = profile;
  const functions = summary.topFunctions.map(
    (entry, index) =>
      `${String(index + 1).padStart(2)}. ${entry.percent.toFixed(1).padStart(5)}%  ${entry.name}  ${entry.location}`,
  );
  const areas = summary.topAreas
    .slice(0, 10)
    .map((entry) => `${entry.percent.toFixed(1).padStart(5)}%  ${entry.name}`);
  const gateway = summary.topGatewayFunctions.map(
    (entry) => `${entry.percent.toFixed(1).padStart(5)}%  ${entry.name}  ${entry.location}`,
  );
  return [
    `CPU profile (${profile.reason}): ${summary.totalSamples} samples over ${summary.durationMs} ms, ` +
      `${summary.busyPercent}% busy; ${profile.load ? httpFigure(profile.load) : ''}`,
    'Top self time by function:',
    ...functions,
    'By package or gateway folder:',
    ...areas,
    'Gateway functions by total time (theirs and what they call synchronously):',
    ...gateway,
  ].join('\n');
}
