import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FlushSetting } from 'bench/database';
import type { DrainResult } from 'bench/drain-scenario';
import type { IngestResult, LiveResult, ProfileResult, WebhookResult } from 'bench/http-scenarios';
import type { LoadFigures } from 'bench/load';
import type { LoadReading, MachineInfo } from 'bench/machine';
import type { SoakResult } from 'bench/soak-scenario';
import type { TriageResult } from 'bench/triage';

export interface BenchResults {
  triage: TriageResult | null;
  ingest: IngestResult | null;
  live: LiveResult | null;
  webhook: WebhookResult | null;
  profile: ProfileResult | null;
  drain: DrainResult | null;
  soak: SoakResult | null;
  // The highest VmHWM of the gateway processes (the profiled one left out), and its scenario;
  // 0 when no gateway ran.
  peakRssMiB: number;
  peakRssRun: string;
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
  targets: typeof TARGETS;
  table: TableRow[];
  error: string | null;
}

export interface TableRow {
  scenario: string;
  gateway: string;
  reference: string;
  ratio: string;
  target: string;
  // `yes` or `no`.
  met: string;
}

// Issue 14's targets, as ratios within the same run where there is a reference.
export const TARGETS = {
  triageLoadMs: 1000,
  triageP99Micros: 1000,
  ingestRatio: 1.0,
  ingestP99Ms: 100,
  groupCommitRatio: 0.3,
  liveRatio: 0.7,
  webhookRatio: 0.8,
  drainPerSecond: 1000,
  peakRssMiB: 300,
  soakGrowthPercent: 10,
} as const;

export function buildTable(results: BenchResults): TableRow[] {
  const { triage, ingest, live, webhook, drain, soak } = results;
  return [
    ...(triage ? triageRows(triage) : []),
    ...(ingest ? ingestRows(ingest) : []),
    ...(live
      ? [
          row(
            `2 \`GET /health/live\`, ${live.gateway.load.connections} conn`,
            rate(live.gateway.load),
            `bare Fastify GET: ${rate(live.bareFastify.load)}`,
            live.ratio,
            `≥ ${TARGETS.liveRatio}×`,
            live.ratio >= TARGETS.liveRatio && isClean(live.gateway.load),
          ),
        ]
      : []),
    ...(webhook ? [webhookRow(webhook)] : []),
    ...(drain ? [drainRow(drain)] : []),
    ...(results.peakRssMiB > 0
      ? [
          row(
            '5 Peak RSS (VmHWM) of the gateway, max over its scenarios',
            `${results.peakRssMiB.toFixed(1)} MiB (in ${results.peakRssRun})`,
            '',
            null,
            `≤ ${TARGETS.peakRssMiB} MiB`,
            results.peakRssMiB <= TARGETS.peakRssMiB,
          ),
        ]
      : []),
    ...(soak
      ? [
          row(
            `5 Soak @ ${soak.rate}/s, ${Math.round(soak.load.durationSeconds)} s`,
            `RSS ${soak.rssStartMiB} → ${soak.rssEndMiB} MiB (first/last fifth ` +
              `${soak.rssFirstFifthMiB}/${soak.rssLastFifthMiB}, ${soak.growthPercent}%); ${rate(soak.load)}`,
            '',
            null,
            `RSS growth ≤ ${TARGETS.soakGrowthPercent}%`,
            soak.growthPercent <= TARGETS.soakGrowthPercent,
          ),
        ]
      : []),
  ];
}

function triageRows(triage: TriageResult): TableRow[] {
  const { p50, p99, max } = triage.classifyMicros;
  return [
    row(
      `0 Triage model load (${triage.modelVersion}), in the bench process`,
      `${triage.loadMs} ms`,
      '',
      null,
      `≤ ${TARGETS.triageLoadMs} ms`,
      triage.loadMs <= TARGETS.triageLoadMs,
    ),
    row(
      `0 Triage, one message (${integer(triage.messages)} classified)`,
      `p50 ${p50} µs, p99 ${p99} µs, max ${max} µs`,
      '',
      null,
      `p99 ≤ ${TARGETS.triageP99Micros} µs`,
      p99 <= TARGETS.triageP99Micros,
    ),
  ];
}

function ingestRows(ingest: IngestResult): TableRow[] {
  const gateway = ingest.gateway.load;
  const label = `1 Signed WhatsApp ingest, ${gateway.connections} conn`;
  return [
    row(
      label,
      rate(gateway),
      `Fastify + mysql2, one transaction per request: ${rate(ingest.oneTransaction.load)}`,
      ingest.ratio,
      `≥ ${TARGETS.ingestRatio.toFixed(1)}×`,
      ingest.ratio >= TARGETS.ingestRatio && isClean(gateway),
    ),
    row(
      label,
      `p99 ${gateway.latencyMs.p99} ms`,
      '',
      null,
      `p99 ≤ ${TARGETS.ingestP99Ms} ms`,
      gateway.latencyMs.p99 <= TARGETS.ingestP99Ms,
    ),
    row(
      label,
      rate(gateway),
      `same work with group commit: ${rate(ingest.groupCommit.load)}`,
      ingest.groupCommitRatio,
      `aim ≥ ${TARGETS.groupCommitRatio}×`,
      ingest.groupCommitRatio >= TARGETS.groupCommitRatio,
    ),
  ];
}

function webhookRow(webhook: WebhookResult): TableRow {
  const load = webhook.gateway.load;
  // connections ÷ bound = the stand-ins' two delays, in seconds.
  const delays = `${(load.connections / webhook.latencyBoundPerSecond).toFixed(2)} s`;
  return row(
    `3 Synchronous \`POST /webhook\`, ${load.connections} conn`,
    `${rate(load)}, non-2xx ${integer(load.non2xx)}, errors ${integer(load.errors)}`,
    `latency bound ${load.connections} ÷ ${delays} = ${integer(webhook.latencyBoundPerSecond)}/s`,
    webhook.ratio,
    `0 non-2xx, ≥ ${TARGETS.webhookRatio}×`,
    load.non2xx === 0 && load.errors === 0 && webhook.ratio >= TARGETS.webhookRatio,
  );
}

function drainRow(drain: DrainResult): TableRow {
  const notes = [
    `all finished ${drain.drainSeconds} s after the release`,
    `${integer(drain.endToEndPerSecond)} msg/s with storing (at ${integer(drain.store.okPerSecond)}/s) included`,
    drain.isComplete ? '' : `incomplete: ${integer(drain.processed)}/${integer(drain.stored)}`,
    drain.processed > drain.done ? `${integer(drain.processed - drain.done)} dead` : '',
    drain.isReleasedEarly ? 'released before all were stored' : '',
  ].filter((note) => note !== '');
  const perSecond = drain.messagesPerSecond;
  return row(
    `4 Drain: ${integer(drain.stored)} WhatsApp messages stored, then processed to \`done\``,
    `${integer(perSecond)} msg/s (${notes.join('; ')})`,
    '',
    perSecond / TARGETS.drainPerSecond,
    `≥ ${integer(TARGETS.drainPerSecond)} msg/s`,
    drain.isComplete && perSecond >= TARGETS.drainPerSecond,
  );
}

export function renderTable(rows: TableRow[]): string {
  const lines = rows.map(
    (r) =>
      `| ${r.scenario} | ${r.gateway} | ${r.reference} | ${r.ratio} | ${r.target} | ${r.met} |`,
  );
  return [
    '| Scenario | Gateway | Reference | Ratio | Target | Met? |',
    '| --- | --- | --- | ---: | --- | --- |',
    ...lines,
  ].join('\n');
}

export function writeReport(resultsDir: string, report: BenchReport, markdown: string): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, 'latest.json');
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(resultsDir, 'latest.md'), `${markdown}\n`);
  return file;
}

/** Every figure of one load run, for the details below the table. */
export function httpFigure(load: LoadFigures): string {
  const { p50, p99, max } = load.latencyMs;
  return (
    `${integer(load.okPerSecond)} req/s 2xx · p50 ${p50} ms · p99 ${p99} ms · max ${max} ms · ` +
    `non-2xx ${integer(load.non2xx)} · errors ${integer(load.errors)}` +
    (load.generator === 'wrk' ? ' · load by wrk' : '')
  );
}

// The table's short form: 2xx/s and p99, and the failures only when there are any.
function rate(load: LoadFigures): string {
  const failures = load.non2xx + load.errors;
  return (
    `${integer(load.okPerSecond)}/s, p99 ${load.latencyMs.p99} ms` +
    (failures > 0 ? ` (non-2xx ${integer(load.non2xx)}, errors ${integer(load.errors)})` : '')
  );
}

// A reference beaten only by failing requests is not a target met.
function isClean(load: LoadFigures): boolean {
  return load.non2xx === 0 && load.errors === 0;
}

function row(
  scenario: string,
  gateway: string,
  reference: string,
  ratio: number | null,
  target: string,
  isMet: boolean,
): TableRow {
  return {
    scenario,
    gateway,
    reference,
    ratio: ratio === null ? '' : `${ratio.toFixed(2)}×`,
    target,
    met: isMet ? 'yes' : 'no',
  };
}

function integer(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
