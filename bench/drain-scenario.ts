import type { StandInCalls } from 'bench/bench-environment';
import type { ServerCounters } from 'bench/database';
import { type GatewayProcess, sleep } from 'bench/gateway';
import { type LoadFigures, type LoadSpec, round, runLoad } from 'bench/load';
import { WhatsappDeliveries } from 'bench/payloads';
import type { CpuUsage } from 'bench/process-stats';
import { perUnit, type ScenarioRunner } from 'bench/scenario-runner';

export interface DrainResult {
  messages: number;
  stored: number;
  // Finished, `done` or `dead`; only `done` counts in the rates.
  processed: number;
  done: number;
  isComplete: boolean;
  // Storing, with processing paused (the OpenAI stand-in holds its answers).
  store: LoadFigures;
  // Processing let go before everything was stored: the hold would have timed out.
  isReleasedEarly: boolean;
  // From the release to the last message processed: `done` messages per second over it is the
  // scenario's figure (through analysis at the OpenAI stand-in and routing at the agent one).
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

const WHATSAPP_PATH = '/webhooks/whatsapp';
export const FINISHED_STATUSES = ['done', 'dead'];
const DRAIN_WARMUP_MESSAGES = 500;
// The gateway's longest OpenAI timeout, and how long the bench holds the answers back at most.
const DRAIN_OPENAI_TIMEOUT_MS = 120_000;
const DRAIN_HOLD_BUDGET_MS = 100_000;

export class DrainScenario {
  constructor(private readonly runner: ScenarioRunner) {}

  /**
   * Scenario 4: stored WhatsApp messages processed end to end (analysis through the OpenAI
   * stand-in, routing through the agent one). They are stored while the OpenAI stand-in holds its
   * answers, so processing waits at analysis; then it is released and timed until all are done.
   * A warm-up batch goes through first and is left out of the figures.
   */
  async run(): Promise<DrainResult> {
    const { env, config, log } = this.runner;
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
      log(`4 drain: warm-up with ${DRAIN_WARMUP_MESSAGES} messages`);
      await runLoad(spec(DRAIN_WARMUP_MESSAGES));
      await this.waitUntilProcessed(DRAIN_WARMUP_MESSAGES, config.drainTimeoutSeconds, 0);
      const afterId = await env.db.maxMessageId(database);
      const callsBefore = await env.standInCalls();

      log(`4 drain: storing ${config.drainMessages} messages with processing paused`);
      await env.holdOpenAi();
      let releasedAt: number | null = null;
      const release = async (): Promise<void> => {
        if (releasedAt === null) {
          releasedAt = Date.now();
          await env.releaseOpenAi();
        }
      };
      const early = setTimeout(() => {
        log('4 drain: storing takes too long for the hold; processing released early');
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
      log(
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
      const done = counts.done ?? 0;
      const until =
        isComplete && window.lastProcessedAt !== null ? window.lastProcessedAt : Date.now();
      const drainSeconds = (until - (releasedAt ?? until)) / 1000;
      const endToEndSeconds =
        window.firstReceivedAt === null ? null : (until - window.firstReceivedAt) / 1000;
      return {
        messages: config.drainMessages,
        stored,
        processed,
        done,
        isComplete,
        store,
        isReleasedEarly,
        drainSeconds: round(drainSeconds, 2),
        messagesPerSecond: round(drainSeconds > 0 ? done / drainSeconds : 0, 1),
        endToEndSeconds: endToEndSeconds === null ? null : round(endToEndSeconds, 2),
        endToEndPerSecond: round(endToEndSeconds ? done / endToEndSeconds : 0, 1),
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

  // Polls `SELECT status, COUNT(*)` until `expected` messages (above `afterId`) are done or dead.
  private async waitUntilProcessed(
    expected: number,
    timeoutSeconds: number,
    afterId: number,
  ): Promise<{ counts: Record<string, number>; isComplete: boolean }> {
    const { env, config, log } = this.runner;
    const deadline = Date.now() + timeoutSeconds * 1000;
    let counts: Record<string, number> = {};
    let lastReport = Date.now();
    while (Date.now() < deadline) {
      counts = await env.db.statusCounts(config.gatewayDatabase, afterId);
      const finished = FINISHED_STATUSES.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
      if (finished >= expected) {
        return { counts, isComplete: true };
      }
      if (Date.now() - lastReport >= 10_000) {
        lastReport = Date.now();
        log(`  ${finished}/${expected} processed ${JSON.stringify(counts)}`);
      }
      await sleep(500);
    }
    log(`  not all processed after ${timeoutSeconds} s: ${JSON.stringify(counts)}`);
    return { counts, isComplete: false };
  }
}
