import { FINISHED_STATUSES } from 'bench/drain-scenario';
import { type LoadFigures, type LoadSpec, round, runLoad } from 'bench/load';
import { WhatsappDeliveries } from 'bench/payloads';
import type { ScenarioRunner } from 'bench/scenario-runner';

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

export class SoakScenario {
  constructor(private readonly runner: ScenarioRunner) {}

  /** The optional soak: open loop at half the ingest rate; RSS at the start and end. */
  async run(rate: number): Promise<SoakResult> {
    const { env, config, log } = this.runner;
    return env.withGateway('soak', async (gateway) => {
      const deliveries = new WhatsappDeliveries(config.senders);
      const spec: LoadSpec = {
        url: `${gateway.url}${WHATSAPP_PATH}`,
        connections: config.ingestConnections,
        method: 'POST',
        overallRate: rate,
        nextRequest: () => deliveries.next(),
      };
      await this.runner.warmUp(spec);
      log(`5 soak: ${config.soakSeconds} s at ${rate}/s`);
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
}
