import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FlushSetting, ServerCounters } from 'bench/database';
import type { LoadFigures } from 'bench/load';
import type { TriageResult } from 'bench/triage';
import type { LoadReading, MachineInfo } from 'bench/machine';
import {
  type DrainResult,
  type FrameworkResult,
  formatCpu,
  type IngestResult,
  type Measured,
  type ProfileResult,
  type SoakResult,
  type WebhookResult,
} from 'bench/scenarios';

export interface BenchResults {
  triage: TriageResult | null;
  framework: FrameworkResult | null;
  ingest: IngestResult | null;
  webhook: WebhookResult | null;
  profile: ProfileResult | null;
  drain: DrainResult | null;
  soak: SoakResult | null;
  peakRssMiB: number;
  peakRssByRun: Record<string, number>;
  gatewayLogProblems: Record<string, Record<string, number>>;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  isQuick: boolean;
  machine: MachineInfo;
  load: { atStart: LoadReading; atEnd: LoadReading };
  settings: Record<string, unknown>;
  innodbFlushLogAtTrxCommit: FlushSetting;
  results: BenchResults;
  table: TableRow[];
  error: string | null;
}

export interface TableRow {
  scenario: string;
  target: string;
  figure: string;
  ratio: string;
  met: string;
}

const INGEST_P99_TARGET_MS = 50;
const TRIAGE_LOAD_TARGET_MS = 1000;
const TRIAGE_P99_TARGET_MICROS = 1000;
const FRAMEWORK_TARGET = 0.5;
const WEBHOOK_TARGET = 0.8;
const DRAIN_TARGET_PER_SECOND = 1000;
const PEAK_RSS_TARGET_MIB = 300;
const SOAK_GROWTH_TARGET_PERCENT = 10;

export function buildTable(results: BenchResults): TableRow[] {
  const rows: TableRow[] = [];
  const { triage, framework, ingest, webhook, drain, soak } = results;
  if (triage) {
    rows.push(
      row(
        `0 Triage model load (${triage.modelVersion})`,
        `≤ ${TRIAGE_LOAD_TARGET_MS} ms`,
        `${triage.loadMs} ms`,
        '',
        triage.loadMs <= TRIAGE_LOAD_TARGET_MS,
      ),
      row(
        `0 Triage, one message (${integer(triage.messages)} classified)`,
        `p99 ≤ ${TRIAGE_P99_TARGET_MICROS} µs`,
        `p50 ${triage.classifyMicros.p50} µs, p99 ${triage.classifyMicros.p99} µs, max ` +
          `${triage.classifyMicros.max} µs`,
        '',
        triage.classifyMicros.p99 <= TRIAGE_P99_TARGET_MICROS,
      ),
    );
  }
  if (ingest) {
    const gateway = ingest.gateway.load;
    rows.push(
      row(
        `1 Ingest, gateway (${gateway.connections} conn)`,
        '≥ 1.0× baseline B',
        httpFigure(gateway),
        times(ingest.ratio),
        ingest.ratio >= 1,
      ),
      row(
        '1 Ingest, gateway p99',
        `≤ ${INGEST_P99_TARGET_MS} ms`,
        `${gateway.latencyMs.p99} ms`,
        '',
        gateway.latencyMs.p99 <= INGEST_P99_TARGET_MS,
      ),
      reference('1 Ingest, baseline B (Fastify + mysql2)', httpFigure(ingest.baselineB.load)),
      reference(
        `1 Ingest open loop @ ${ingest.openLoop.rate}/s, gateway`,
        httpFigure(ingest.openLoop.gateway.load),
      ),
      reference(
        `1 Ingest open loop @ ${ingest.openLoop.rate}/s, baseline B`,
        httpFigure(ingest.openLoop.baselineB.load),
      ),
    );
  }
  if (framework) {
    rows.push(
      row(
        '2 Framework, gateway GET /health/live',
        `≥ ${FRAMEWORK_TARGET}× baseline A`,
        httpFigure(framework.gateway.load),
        times(framework.ratio),
        framework.ratio >= FRAMEWORK_TARGET,
      ),
      reference('2 Framework, baseline A GET /health/live', httpFigure(framework.baselineA.load)),
      reference('2 Baseline A POST, same WhatsApp JSON', httpFigure(framework.baselineAPost.load)),
    );
  }
  if (webhook) {
    const load = webhook.gateway.load;
    const isMet = load.non2xx === 0 && load.errors === 0 && webhook.ratio >= WEBHOOK_TARGET;
    rows.push(
      row(
        `3 /webhook sync (${load.connections} conn)`,
        `0 non-2xx; ≥ ${WEBHOOK_TARGET * 100}% of ${integer(webhook.latencyBoundPerSecond)}/s`,
        httpFigure(load),
        times(webhook.ratio),
        isMet,
      ),
    );
  }
  if (drain) {
    const notes = [
      drain.isComplete ? '' : `incomplete: ${drain.processed}/${drain.stored} done`,
      drain.isReleasedEarly ? 'released before all were stored' : '',
    ].filter((note) => note !== '');
    rows.push(
      row(
        `4 Drain ${integer(drain.stored)} stored messages`,
        `≥ ${integer(DRAIN_TARGET_PER_SECOND)} msg/s`,
        `${integer(drain.messagesPerSecond)} msg/s (all done ${drain.drainSeconds} s after release); ` +
          `storing included ${integer(drain.endToEndPerSecond)} msg/s; stored at ` +
          `${integer(drain.store.okPerSecond)}/s${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`,
        times(drain.messagesPerSecond / DRAIN_TARGET_PER_SECOND),
        drain.isComplete && drain.messagesPerSecond >= DRAIN_TARGET_PER_SECOND,
      ),
    );
  }
  rows.push(
    row(
      '5 Peak RSS, gateway',
      `≤ ${PEAK_RSS_TARGET_MIB} MiB`,
      `${results.peakRssMiB.toFixed(1)} MiB`,
      times(results.peakRssMiB / PEAK_RSS_TARGET_MIB),
      results.peakRssMiB > 0 && results.peakRssMiB <= PEAK_RSS_TARGET_MIB,
    ),
  );
  if (soak) {
    rows.push(
      row(
        `5 Soak @ ${soak.rate}/s`,
        `RSS growth ≤ ${SOAK_GROWTH_TARGET_PERCENT}%`,
        `RSS ${soak.rssStartMiB} → ${soak.rssEndMiB} MiB (first/last fifth ${soak.rssFirstFifthMiB}/` +
          `${soak.rssLastFifthMiB}, ${soak.growthPercent}%); ${httpFigure(soak.load)}`,
        '',
        soak.growthPercent <= SOAK_GROWTH_TARGET_PERCENT,
      ),
    );
  } else {
    rows.push({
      scenario: '5 Soak',
      target: 'no RSS growth',
      figure: 'not run (BENCH_SOAK=1)',
      ratio: '',
      met: '—',
    });
  }
  return rows;
}

export function renderTable(rows: TableRow[]): string {
  const header: TableRow = {
    scenario: 'Scenario',
    target: 'Target',
    figure: 'Figure',
    ratio: 'Ratio',
    met: 'Met?',
  };
  const lines = [header, ...rows].map(
    (r) => `| ${r.scenario} | ${r.target} | ${r.figure} | ${r.ratio} | ${r.met} |`,
  );
  lines.splice(1, 0, '| --- | --- | --- | ---: | --- |');
  return lines.join('\n');
}

/** CPU use around each measured run, in % of one core per process and % of the machine. */
export function renderCpu(results: BenchResults): string {
  const lines: string[] = [];
  const add = (label: string, measured: Measured | undefined): void => {
    if (measured) {
      lines.push(`- ${label}: ${formatCpu(measured.cpu)}`);
    }
  };
  add('1 ingest, gateway', results.ingest?.gateway);
  add('1 ingest, baseline B', results.ingest?.baselineB);
  add('1 ingest open loop, gateway', results.ingest?.openLoop.gateway);
  add('2 framework, gateway', results.framework?.gateway);
  add('2 framework, baseline A', results.framework?.baselineA);
  add('3 /webhook, gateway', results.webhook?.gateway);
  if (results.drain) {
    lines.push(`- 4 drain, gateway: ${formatCpu(results.drain.cpu)}`);
  }
  return lines.join('\n');
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
  add('1 ingest, baseline B, per 2xx', results.ingest?.baselineB.databasePerRequest);
  add('3 /webhook, gateway, per 2xx', results.webhook?.gateway.databasePerRequest);
  add('4 drain, gateway, per message', results.drain?.databasePerMessage);
  return lines.join('\n');
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

export function writeReport(resultsDir: string, report: BenchReport, markdown: string): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, 'latest.json');
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(resultsDir, 'latest.md'), `${markdown}\n`);
  return file;
}

export function httpFigure(load: LoadFigures): string {
  const { p50, p99, max } = load.latencyMs;
  return (
    `${integer(load.okPerSecond)} req/s 2xx · p50 ${p50} ms · p99 ${p99} ms · max ${max} ms · ` +
    `non-2xx ${integer(load.non2xx)} · errors ${integer(load.errors)}`
  );
}

function row(
  scenario: string,
  target: string,
  figure: string,
  ratio: string,
  isMet: boolean,
): TableRow {
  return { scenario, target, figure, ratio, met: isMet ? 'yes' : 'no' };
}

function reference(scenario: string, figure: string): TableRow {
  return { scenario, target: 'reference', figure, ratio: '', met: '—' };
}

function times(value: number): string {
  return `${value.toFixed(2)}×`;
}

function integer(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
