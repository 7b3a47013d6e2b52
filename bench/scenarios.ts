import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchConfig } from 'bench/bench-config';
import type { BenchEnvironment, StandInCalls } from 'bench/bench-environment';
import { type ProfileSummary, summariseCpuProfile } from 'bench/cpu-profile';
import { type GatewayProcess, sleep } from 'bench/gateway';
import { type LoadFigures, type LoadSpec, round, runLoad } from 'bench/load';
import { IzerRequests, WhatsappDeliveries } from 'bench/payloads';
import type { ServerCounters } from 'bench/database';
import type { CpuUsage } from 'bench/process-stats';

export type Log = (message: string) => void;

export interface Measured {
  load: LoadFigures;
  cpu: CpuUsage;
  // Per 2xx answer, server-wide: other clients of the same MariaDB count too.
  databasePerRequest: ServerCounters;
}

export interface FrameworkResult {
  gateway: Measured;
  baselineA: Measured;
  ratio: number;
  // Reference only: baseline A parsing the same WhatsApp JSON as the ingest scenario.
  baselineAPost: Measured;
}

export interface IngestResult {
  gateway: Measured;
  baselineB: Measured;
  ratio: number;
  openLoop: { rate: number; gateway: Measured; baselineB: Measured };
}

export interface WebhookResult {
  gateway: Measured;
  latencyBoundPerSecond: number;
  ratio: number;
  isCpuBound: boolean;
  standInCalls: StandInCalls;
  // Warm-up included: `heuristic` counts OpenAI calls that failed or timed out.
  analyzers: Record<string, number>;
}

export interface ProfileResult {
  reason: string;
  load: LoadFigures | null;
  summary: ProfileSummary | null;
}

export interface DrainResult {
  messages: number;
  stored: number;
  processed: number;
  isComplete: boolean;
  // Storing, with processing paused (the OpenAI stand-in holds its answers).
  store: LoadFigures;
  // Processing let go before everything was stored: the hold would have timed out.
  isReleasedEarly: boolean;
  // From the release to the last message processed: the drain rate.
  drainSeconds: number | null;
  messagesPerSecond: number;
  // From the first message stored to the last one processed, storing included.
  endToEndSeconds: number | null;
  endToEndPerSecond: number;
  statusCounts: Record<string, number>;
  analyzers: Record<string, number>;
  standInCalls: StandInCalls;
  cpu: CpuUsage;
  // Per message processed (after the release), server-wide.
  databasePerMessage: ServerCounters;
}

export interface SoakResult {
  rate: number;
  load: LoadFigures;
  rssStartMiB: number;
  rssEndMiB: number;
  // Mean RSS of the first and the last fifth of the run.
  rssFirstFifthMiB: number;
  rssLastFifthMiB: number;
  growthPercent: number;
  backlog: Record<string, number>;
}

const WHATSAPP_PATH = '/webhooks/whatsapp';
const FINISHED_STATUSES = ['done', 'dead'];
// Above this a Node process's main thread is saturated; above the other, the machine is.
const CPU_BOUND_PROCESS_PERCENT = 85;
const CPU_BOUND_MACHINE_PERCENT = 90;
const DRAIN_WARMUP_MESSAGES = 500;
// The gateway's longest OpenAI timeout, and how long the bench holds the answers back at most.
const DRAIN_OPENAI_TIMEOUT_MS = 120_000;
const DRAIN_HOLD_BUDGET_MS = 100_000;

export class Scenarios {
  constructor(
    private readonly env: BenchEnvironment,
    private readonly config: BenchConfig,
    private readonly log: Log,
  ) {}

  /**
   * Scenarios 2 and 1 on one gateway: the route with no I/O first (nothing stored yet), then
   * ingest, each against its baseline; then ingest again, open loop at half of baseline B's rate,
   * on a fresh gateway (the first one's backlog would weigh on it), for latencies below saturation.
   */
  async frameworkAndIngest(): Promise<{ framework: FrameworkResult; ingest: IngestResult }> {
    const { env, config } = this;
    const bare = env.bareBaseline;
    const store = env.storeBaseline;
    const live = (url: string): LoadSpec => ({
      url: `${url}/health/live`,
      connections: config.ingestConnections,
    });
    const ingestSpec = (url: string, deliveries: WhatsappDeliveries): LoadSpec => ({
      url: `${url}${WHATSAPP_PATH}`,
      connections: config.ingestConnections,
      method: 'POST',
      nextRequest: () => deliveries.next(),
    });

    // Each pair runs back to back, so a change in the machine's other load hits both alike; the
    // gateway idles (nothing stored, nothing to process) while its baselines run.
    const closedLoop = await env.withGateway('ingest', async (gateway) => {
      const baselineA = await this.measure(
        '2 framework: baseline A GET /health/live',
        bare.pid,
        live(bare.url),
      );
      const gatewayLive = await this.measure(
        '2 framework: gateway GET /health/live',
        gateway.pid,
        live(gateway.url),
      );
      const baselineAPost = await this.measure(
        '2 framework: baseline A POST (same JSON)',
        bare.pid,
        ingestSpec(bare.url, new WhatsappDeliveries(config.senders)),
      );
      const baselineB = await this.measure(
        '1 ingest: baseline B (Fastify + mysql2)',
        store.pid,
        ingestSpec(store.url, new WhatsappDeliveries(config.senders)),
      );
      const gatewayIngest = await this.measure(
        '1 ingest: gateway',
        gateway.pid,
        ingestSpec(gateway.url, new WhatsappDeliveries(config.senders)),
      );
      return { baselineA, gatewayLive, baselineAPost, baselineB, gatewayIngest };
    });
    const { baselineA, gatewayLive, baselineAPost, baselineB, gatewayIngest } = closedLoop;

    const rate = Math.max(1, Math.round(baselineB.load.okPerSecond / 2));
    const openBaselineB = await this.measure(
      `1 ingest open loop @ ${rate}/s: baseline B`,
      store.pid,
      {
        ...ingestSpec(store.url, new WhatsappDeliveries(config.senders)),
        overallRate: rate,
      },
    );
    const openGateway = await env.withGateway('ingest-open-loop', (gateway) =>
      this.measure(`1 ingest open loop @ ${rate}/s: gateway`, gateway.pid, {
        ...ingestSpec(gateway.url, new WhatsappDeliveries(config.senders)),
        overallRate: rate,
      }),
    );
    return {
      framework: {
        gateway: gatewayLive,
        baselineA,
        ratio: ratio(gatewayLive.load.okPerSecond, baselineA.load.okPerSecond),
        baselineAPost,
      },
      ingest: {
        gateway: gatewayIngest,
        baselineB,
        ratio: ratio(gatewayIngest.load.okPerSecond, baselineB.load.okPerSecond),
        openLoop: { rate, gateway: openGateway, baselineB: openBaselineB },
      },
    };
  }

  /** Scenario 3: İzer's synchronous `/webhook`, analysis (300 ms) and routing (50 ms) inside. */
  async webhook(): Promise<WebhookResult> {
    const { env, config } = this;
    const connections = config.webhookConnections;
    const latencyBoundPerSecond =
      connections / ((config.openAiDelayMs + config.agentDelayMs) / 1000);
    return env.withGateway('webhook', async (gateway) => {
      const before = await env.standInCalls();
      const measured = await this.measure(
        `3 /webhook, ${connections} connections`,
        gateway.pid,
        this.webhookSpec(gateway, new IzerRequests()),
      );
      const after = await env.standInCalls();
      return {
        gateway: measured,
        latencyBoundPerSecond: round(latencyBoundPerSecond),
        ratio: ratio(measured.load.okPerSecond, latencyBoundPerSecond),
        isCpuBound:
          (measured.cpu.processes.server ?? 0) >= CPU_BOUND_PROCESS_PERCENT ||
          measured.cpu.machineBusyPercent >= CPU_BOUND_MACHINE_PERCENT,
        standInCalls: { openai: after.openai - before.openai, agent: after.agent - before.agent },
        analyzers: await env.db.analyzerCounts(config.gatewayDatabase, 0),
      };
    });
  }

  /** Scenario 3 again under `--cpu-prof`; only the samples of the measured window are counted. */
  async profileWebhook(reason: string): Promise<ProfileResult> {
    const { env, config } = this;
    const directory = join(config.resultsDir, 'profiles');
    const name = 'gateway-webhook.cpuprofile';
    const file = join(directory, name);
    mkdirSync(directory, { recursive: true });
    rmSync(file, { force: true });
    const nodeArgs = ['--cpu-prof', `--cpu-prof-dir=${directory}`, `--cpu-prof-name=${name}`];
    let gatewayStartedAt = 0;
    let window = { from: 0, to: 0 };
    const load = await env.withGateway(
      'webhook-profile',
      async (gateway) => {
        gatewayStartedAt = gateway.startedAt;
        const requests = new IzerRequests();
        await this.warmUp(this.webhookSpec(gateway, requests));
        this.log(`3 /webhook under --cpu-prof: ${config.profileSeconds} s`);
        const from = Date.now();
        const figures = await runLoad({
          ...this.webhookSpec(gateway, requests),
          durationSeconds: config.profileSeconds,
        });
        window = { from, to: Date.now() };
        return figures;
      },
      { nodeArgs },
    );
    if (!existsSync(file)) {
      this.log('the gateway wrote no CPU profile');
      return { reason, load, summary: null };
    }
    const summary = summariseCpuProfile(file, config.rootDir, {
      fromMs: window.from - gatewayStartedAt,
      toMs: window.to - gatewayStartedAt,
    });
    return { reason, load, summary };
  }

  /**
   * Scenario 4: stored WhatsApp messages processed end to end (analysis through the OpenAI
   * stand-in, routing through the agent one). They are stored while the OpenAI stand-in holds its
   * answers, so processing waits at analysis; then it is released and timed until all are done.
   * A warm-up batch goes through first and is left out of the figures.
   */
  async drain(): Promise<DrainResult> {
    const { env, config } = this;
    const database = config.gatewayDatabase;
    const run = async (gateway: GatewayProcess): Promise<DrainResult> => {
      const deliveries = new WhatsappDeliveries(config.senders);
      const spec = (amount: number): LoadSpec => ({
        url: `${gateway.url}${WHATSAPP_PATH}`,
        connections: Math.min(config.drainConnections, amount),
        method: 'POST',
        amount,
        nextRequest: () => deliveries.next(),
      });
      this.log(`4 drain: warm-up with ${DRAIN_WARMUP_MESSAGES} messages`);
      await runLoad(spec(DRAIN_WARMUP_MESSAGES));
      await this.waitUntilProcessed(DRAIN_WARMUP_MESSAGES, config.drainTimeoutSeconds, 0);
      const afterId = await env.db.maxMessageId(database);
      const callsBefore = await env.standInCalls();

      this.log(`4 drain: storing ${config.drainMessages} messages with processing paused`);
      await env.holdOpenAi();
      let releasedAt: number | null = null;
      const release = async (): Promise<void> => {
        if (releasedAt === null) {
          releasedAt = Date.now();
          await env.releaseOpenAi();
        }
      };
      const early = setTimeout(() => {
        this.log('4 drain: storing takes too long for the hold; processing released early');
        void release();
      }, DRAIN_HOLD_BUDGET_MS);
      let store: LoadFigures;
      try {
        store = await runLoad(spec(config.drainMessages));
      } finally {
        clearTimeout(early);
      }
      const isReleasedEarly = releasedAt !== null;
      const stored = await env.db.countMessages(database, afterId);
      this.log(
        `4 drain: ${stored} stored in ${store.durationSeconds} s (${round(store.okPerSecond)}/s); processing released`,
      );
      const cpu = env.cpuWindow(gateway.pid);
      const countersBefore = await env.db.serverCounters();
      cpu.start();
      await release();
      const { counts, isComplete } = await this.waitUntilProcessed(
        stored,
        config.drainTimeoutSeconds,
        afterId,
      );
      const cpuUsage = cpu.stop();
      const countersAfter = await env.db.serverCounters();
      const callsAfter = await env.standInCalls();
      const window = await env.db.processingWindow(database, afterId);
      const processed = FINISHED_STATUSES.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
      const until =
        isComplete && window.lastProcessedAt !== null ? window.lastProcessedAt : Date.now();
      const drainSeconds = (until - (releasedAt ?? until)) / 1000;
      const endToEndSeconds =
        window.firstReceivedAt === null ? null : (until - window.firstReceivedAt) / 1000;
      return {
        messages: config.drainMessages,
        stored,
        processed,
        isComplete,
        store,
        isReleasedEarly,
        drainSeconds: round(drainSeconds, 2),
        messagesPerSecond: round(drainSeconds > 0 ? processed / drainSeconds : 0, 1),
        endToEndSeconds: endToEndSeconds === null ? null : round(endToEndSeconds, 2),
        endToEndPerSecond: round(endToEndSeconds ? processed / endToEndSeconds : 0, 1),
        statusCounts: counts,
        analyzers: await env.db.analyzerCounts(database, afterId),
        standInCalls: {
          openai: callsAfter.openai - callsBefore.openai,
          agent: callsAfter.agent - callsBefore.agent,
        },
        cpu: cpuUsage,
        databasePerMessage: perUnit(countersBefore, countersAfter, processed),
      };
    };
    // Held OpenAI calls must not time out into the heuristic while the messages are stored.
    return env.withGateway('drain', run, {
      env: { OPENAI_TIMEOUT_MS: String(DRAIN_OPENAI_TIMEOUT_MS) },
    });
  }

  /** Scenario 5's optional soak: open loop at half the ingest rate; RSS at the start and end. */
  async soak(rate: number): Promise<SoakResult> {
    const { env, config } = this;
    return env.withGateway('soak', async (gateway) => {
      const deliveries = new WhatsappDeliveries(config.senders);
      const spec: LoadSpec = {
        url: `${gateway.url}${WHATSAPP_PATH}`,
        connections: config.ingestConnections,
        method: 'POST',
        overallRate: rate,
        nextRequest: () => deliveries.next(),
      };
      await this.warmUp(spec);
      this.log(`5 soak: ${config.soakSeconds} s at ${rate}/s`);
      const from = Date.now();
      const rssStartMiB = env.rss.current();
      const load = await runLoad({ ...spec, durationSeconds: config.soakSeconds });
      const rssEndMiB = env.rss.current();
      const samples = env.rss.samplesSince(from);
      const fifth = Math.max(1, Math.floor(samples.length / 5));
      const mean = (values: number[]): number =>
        values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
      const first = mean(samples.slice(0, fifth).map((sample) => sample.rssMiB));
      const last = mean(samples.slice(-fifth).map((sample) => sample.rssMiB));
      const counts = await env.db.statusCounts(config.gatewayDatabase, 0);
      const backlog = Object.fromEntries(
        Object.entries(counts).filter(([status]) => !FINISHED_STATUSES.includes(status)),
      );
      return {
        rate,
        load,
        rssStartMiB: round(rssStartMiB, 1),
        rssEndMiB: round(rssEndMiB, 1),
        rssFirstFifthMiB: round(first, 1),
        rssLastFifthMiB: round(last, 1),
        growthPercent: round(first > 0 ? (100 * (last - first)) / first : 0, 1),
        backlog,
      };
    });
  }

  /** Warm-up, then the measured run with CPU use sampled around it. */
  private async measure(label: string, serverPid: number, spec: LoadSpec): Promise<Measured> {
    await this.warmUp(spec);
    this.log(`${label}: ${this.config.durationSeconds} s`);
    const cpu = this.env.cpuWindow(serverPid);
    const countersBefore = await this.env.db.serverCounters();
    cpu.start();
    const load = await runLoad({ ...spec, durationSeconds: this.config.durationSeconds });
    const usage = cpu.stop();
    const databasePerRequest = perUnit(countersBefore, await this.env.db.serverCounters(), load.ok);
    this.log(
      `  ${round(load.okPerSecond)} 2xx/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms, ` +
        `non-2xx ${load.non2xx}, errors ${load.errors}; CPU ${formatCpu(usage)}`,
    );
    return { load, cpu: usage, databasePerRequest };
  }

  private async warmUp(spec: LoadSpec): Promise<void> {
    if (this.config.warmupSeconds > 0) {
      await runLoad({ ...spec, durationSeconds: this.config.warmupSeconds });
    }
  }

  private webhookSpec(gateway: GatewayProcess, requests: IzerRequests): LoadSpec {
    return {
      url: `${gateway.url}/webhook`,
      connections: this.config.webhookConnections,
      method: 'POST',
      nextRequest: () => requests.next(),
    };
  }

  // Polls `SELECT status, COUNT(*)` until `expected` messages (above `afterId`) are done or dead.
  private async waitUntilProcessed(
    expected: number,
    timeoutSeconds: number,
    afterId: number,
  ): Promise<{ counts: Record<string, number>; isComplete: boolean }> {
    const deadline = Date.now() + timeoutSeconds * 1000;
    let counts: Record<string, number> = {};
    let lastReport = Date.now();
    while (Date.now() < deadline) {
      counts = await this.env.db.statusCounts(this.config.gatewayDatabase, afterId);
      const finished = FINISHED_STATUSES.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
      if (finished >= expected) {
        return { counts, isComplete: true };
      }
      if (Date.now() - lastReport >= 10_000) {
        lastReport = Date.now();
        this.log(`  ${finished}/${expected} processed ${JSON.stringify(counts)}`);
      }
      await sleep(500);
    }
    this.log(`  not all processed after ${timeoutSeconds} s: ${JSON.stringify(counts)}`);
    return { counts, isComplete: false };
  }
}

export function formatCpu(usage: CpuUsage): string {
  const parts = Object.entries(usage.processes).map(([name, percent]) => `${name} ${percent}%`);
  return `${parts.join(', ')}, machine ${usage.machineBusyPercent}%`;
}

function perUnit(before: ServerCounters, after: ServerCounters, units: number): ServerCounters {
  const entries = Object.keys(before).map((name) => {
    const key = name as keyof ServerCounters;
    return [key, units > 0 ? round((after[key] - before[key]) / units, 2) : 0];
  });
  return Object.fromEntries(entries) as ServerCounters;
}

function ratio(figure: number, reference: number): number {
  return reference > 0 ? round(figure / reference, 2) : 0;
}
