import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { StandInCalls } from 'bench/bench-environment';
import { type ProfileSummary, summariseCpuProfile } from 'bench/cpu-profile';
import type { GatewayProcess } from 'bench/gateway';
import { type LoadFigures, type LoadSpec, round, runLoad } from 'bench/load';
import { IzerRequests, WhatsappDeliveries } from 'bench/payloads';
import { type Measured, ratio, type ScenarioRunner } from 'bench/scenario-runner';
import type { BareReferenceOptions } from 'bench/servers/bare-fastify.reference';
import { waitUntilSettled } from 'bench/settle';

export interface IngestResult {
  gateway: Measured;
  // Fastify + mysql2, one transaction per request.
  oneTransaction: Measured;
  // The same work with group commit.
  groupCommit: Measured;
  ratio: number;
  groupCommitRatio: number;
}

export interface LiveResult {
  gateway: Measured;
  bareFastify: Measured;
  ratio: number;
  // The gateway's answer, which the bare Fastify reference sends too.
  body: unknown;
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

// The gateway run under `--cpu-prof`: the profiler's own memory keeps it out of the peak RSS.
export const PROFILE_RUN = 'webhook-profile';
const WHATSAPP_PATH = '/webhooks/whatsapp';
const LIVE_PATH = '/health/live';
// Above this a Node process's main thread is saturated; above the other, the machine is.
const CPU_BOUND_PROCESS_PERCENT = 85;
const CPU_BOUND_MACHINE_PERCENT = 90;
// How long the requests a warm-up left in the gateway may take to finish.
const SETTLE_TIMEOUT_MS = 30_000;

/**
 * Scenarios 1 to 3, each against its reference in the same run. Every gateway run is a fresh
 * process on a fresh database, and so is every reference; the reference runs right after the
 * gateway, so a change in the machine's other load hits both alike.
 */
export class HttpScenarios {
  constructor(private readonly runner: ScenarioRunner) {}

  /** Scenario 1: signed WhatsApp deliveries, closed loop, against both Fastify + mysql2 references. */
  async ingest(): Promise<IngestResult> {
    const { env, config } = this.runner;
    const spec = (url: string): LoadSpec => {
      const deliveries = new WhatsappDeliveries(config.senders);
      return {
        url: `${url}${WHATSAPP_PATH}`,
        connections: config.ingestConnections,
        method: 'POST',
        nextRequest: () => deliveries.next(),
      };
    };
    const gateway = await env.withGateway('ingest', (server) =>
      this.runner.measure('1 ingest: gateway', server.pid, spec(server.url)),
    );
    const measureReference = (label: string, script: string): Promise<Measured> =>
      env.withReference(
        label,
        script,
        env.storeReferenceOptions(),
        (server) => this.runner.measure(`1 ingest: ${label}`, server.pid, spec(server.url)),
        true,
      );
    const oneTransaction = await measureReference(
      'Fastify + mysql2, one transaction per request',
      'fastify-mysql.reference.ts',
    );
    const groupCommit = await measureReference(
      'Fastify + mysql2, group commit',
      'fastify-mysql-group-commit.reference.ts',
    );
    return {
      gateway,
      oneTransaction,
      groupCommit,
      ratio: ratio(gateway.load.okPerSecond, oneTransaction.load.okPerSecond),
      groupCommitRatio: ratio(gateway.load.okPerSecond, groupCommit.load.okPerSecond),
    };
  }

  /** Scenario 2: `GET /health/live` (no I/O) against bare Fastify sending the same body. */
  async live(): Promise<LiveResult> {
    const { env, config } = this.runner;
    const spec = (url: string): LoadSpec => ({
      url: `${url}${LIVE_PATH}`,
      connections: config.ingestConnections,
    });
    const { gateway, body } = await env.withGateway('live', async (server) => {
      const response = await fetch(`${server.url}${LIVE_PATH}`);
      const liveBody: unknown = await response.json();
      const measured = await this.runner.measure(
        '2 GET /health/live: gateway',
        server.pid,
        spec(server.url),
      );
      return { gateway: measured, body: liveBody };
    });
    const options: BareReferenceOptions = { liveBody: body };
    const bareFastify = await env.withReference(
      'bare Fastify',
      'bare-fastify.reference.ts',
      options,
      (server) =>
        this.runner.measure('2 GET /health/live: bare Fastify', server.pid, spec(server.url)),
    );
    return {
      gateway,
      bareFastify,
      ratio: ratio(gateway.load.okPerSecond, bareFastify.load.okPerSecond),
      body,
    };
  }

  /** Scenario 3: İzer's synchronous `/webhook`, analysis (300 ms) and routing (50 ms) inside. */
  async webhook(): Promise<WebhookResult> {
    const { env, config } = this.runner;
    const connections = config.webhookConnections;
    const latencyBoundPerSecond =
      connections / ((config.openAiDelayMs + config.agentDelayMs) / 1000);
    return env.withGateway('webhook', async (gateway) => {
      let before = await env.standInCalls();
      const measured = await this.runner.measure(
        `3 /webhook, ${connections} connections`,
        gateway.pid,
        this.webhookSpec(gateway, new IzerRequests()),
        async () => {
          await this.settle();
          before = await env.standInCalls();
        },
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
    const { env, config, log } = this.runner;
    const directory = join(config.resultsDir, 'profiles');
    const name = 'gateway-webhook.cpuprofile';
    const file = join(directory, name);
    mkdirSync(directory, { recursive: true });
    rmSync(file, { force: true });
    const nodeArgs = ['--cpu-prof', `--cpu-prof-dir=${directory}`, `--cpu-prof-name=${name}`];
    let gatewayStartedAt = 0;
    let window = { from: 0, to: 0 };
    const load = await env.withGateway(
      PROFILE_RUN,
      async (gateway) => {
        gatewayStartedAt = gateway.startedAt;
        const requests = new IzerRequests();
        await this.runner.warmUp(this.webhookSpec(gateway, requests));
        await this.settle();
        log(`3 /webhook under --cpu-prof: ${config.profileSeconds} s`);
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
      log('the gateway wrote no CPU profile');
      return { reason, load, summary: null };
    }
    const summary = summariseCpuProfile(file, config.rootDir, {
      fromMs: window.from - gatewayStartedAt,
      toMs: window.to - gatewayStartedAt,
    });
    return { reason, load, summary };
  }

  private async settle(): Promise<void> {
    const { env, config, log } = this.runner;
    if (!(await waitUntilSettled(env, config.gatewayDatabase, SETTLE_TIMEOUT_MS))) {
      log(
        `  the warm-up's requests were not finished after ${SETTLE_TIMEOUT_MS / 1000} s; measuring anyway`,
      );
    }
  }

  private webhookSpec(gateway: GatewayProcess, requests: IzerRequests): LoadSpec {
    return {
      url: `${gateway.url}/webhook`,
      connections: this.runner.config.webhookConnections,
      method: 'POST',
      nextRequest: () => requests.next(),
      wrkScript: () => requests.wrkScript(),
    };
  }
}
