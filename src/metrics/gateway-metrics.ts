import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { CircuitState } from 'cockatiel';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { loggableError } from 'src/common/logging/loggable-error';
import { HttpRouteMetrics } from 'src/metrics/http-route-metrics';
import { HttpSeriesMetrics } from 'src/metrics/http-series';
import {
  AGENT_OUTCOMES,
  AGENTS,
  ANALYZERS,
  CIRCUIT_DEPENDENCIES,
  CIRCUIT_STATES,
  clampLabel,
  MESSAGE_STATUSES,
  OPENAI_FAILURE_KINDS,
  OTHER,
  OUTBOUND_SEND_RESULTS,
  OUTBOUND_STATUSES,
  PLATFORMS,
  PROCESSING_STAGES,
  type ProcessingStage,
  UNMATCHED_ROUTE,
} from 'src/metrics/metric-labels';
import { MetricsRepository, type StatusCountRow } from 'src/metrics/metrics.repository';

const PREFIX = 'gateway_';
const HTTP_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// Up to the OpenAI and agent timeouts and their retries.
const STAGE_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

const CIRCUIT_STATE_NAMES: Record<CircuitState, string> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'isolated',
};

/**
 * The gateway's Prometheus metrics (`GET /metrics`). One registry per application instance, so
 * several apps in one process (the tests) never collide in prom-client's global registry.
 * Every label value is clamped to a closed set; message ids and phone numbers never become labels.
 */
@Injectable()
export class GatewayMetrics implements OnModuleDestroy {
  private readonly logger = new Logger(GatewayMetrics.name);
  private readonly registry = new Registry();
  private readonly circuits = new Map<string, () => CircuitState>();
  private readonly httpRoutes = new Map<string, HttpRouteMetrics>();

  private readonly http: HttpSeriesMetrics;
  private readonly messagesReceived: Counter<'platform'>;
  private readonly duplicates: Counter<'platform'>;
  private readonly stageSeconds: Histogram<'stage'>;
  private readonly analyses: Counter<'analyzer'>;
  private readonly openAiFailures: Counter<'kind'>;
  private readonly agentCalls: Counter<'agent' | 'outcome'>;
  private readonly outboundSends: Counter<'platform' | 'status'>;

  constructor(private readonly repository: MetricsRepository) {
    const registers = [this.registry];
    this.http = new HttpSeriesMetrics(PREFIX, HTTP_BUCKETS_SECONDS, this.registry);
    this.messagesReceived = new Counter({
      name: `${PREFIX}messages_received_total`,
      help: 'Messages received and stored for the first time, by platform.',
      labelNames: ['platform'],
      registers,
    });
    this.duplicates = new Counter({
      name: `${PREFIX}messages_duplicate_total`,
      help: 'Repeated deliveries of a message already stored, by platform.',
      labelNames: ['platform'],
      registers,
    });
    this.stageSeconds = new Histogram({
      name: `${PREFIX}processing_duration_seconds`,
      help: 'Processing time of a message, by pipeline stage (store, analyze, route, reply, total).',
      labelNames: ['stage'],
      buckets: STAGE_BUCKETS_SECONDS,
      registers,
    });
    this.analyses = new Counter({
      name: `${PREFIX}analyses_total`,
      help: 'Message analyses, by the analyzer whose result was used (openai or heuristic).',
      labelNames: ['analyzer'],
      registers,
    });
    this.openAiFailures = new Counter({
      name: `${PREFIX}openai_failures_total`,
      help: 'OpenAI scoring calls that failed (the heuristic answered instead), by kind.',
      labelNames: ['kind'],
      registers,
    });
    this.agentCalls = new Counter({
      name: `${PREFIX}agent_calls_total`,
      help: 'Calls to the agent services, by agent and outcome (circuit_open: refused by the breaker).',
      labelNames: ['agent', 'outcome'],
      registers,
    });
    this.outboundSends = new Counter({
      name: `${PREFIX}outbound_sends_total`,
      help: 'Outbound messages whose sending ended, by platform and resulting status.',
      labelNames: ['platform', 'status'],
      registers,
    });
    this.defineDatabaseGauges(registers);
    this.defineCircuitGauge(registers);
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
    this.startAtZero();
  }

  messageReceived(platform: string): void {
    this.messagesReceived.inc({ platform: clampLabel(platform, PLATFORMS) });
  }

  duplicateReceived(platform: string): void {
    this.duplicates.inc({ platform: clampLabel(platform, PLATFORMS) });
  }

  stageDuration(stage: ProcessingStage, seconds: number): void {
    if (Number.isFinite(seconds) && seconds >= 0) {
      this.stageSeconds.observe({ stage: clampLabel(stage, PROCESSING_STAGES) }, seconds);
    }
  }

  analysisRecorded(analyzer: string): void {
    this.analyses.inc({ analyzer: clampLabel(analyzer, ANALYZERS) });
  }

  openAiFailure(kind: string): void {
    this.openAiFailures.inc({ kind: clampLabel(kind, OPENAI_FAILURE_KINDS) });
  }

  agentCall(agent: string, outcome: string): void {
    this.agentCalls.inc({
      agent: clampLabel(agent, AGENTS),
      outcome: clampLabel(outcome, AGENT_OUTCOMES),
    });
  }

  outboundSend(platform: string, status: string): void {
    this.outboundSends.inc({
      platform: clampLabel(platform, PLATFORMS),
      status: clampLabel(status, OUTBOUND_STATUSES),
    });
  }

  // `route` is the matched route's pattern (`/webhooks/kore/botkit/sdk/bots/:botId/:eventName`),
  // never the URL; `undefined` when no route matched. One recorder per pattern.
  httpRoute(route: string | undefined): HttpRouteMetrics {
    const key = route ?? UNMATCHED_ROUTE;
    let recorder = this.httpRoutes.get(key);
    if (recorder === undefined) {
      recorder = new HttpRouteMetrics(key, this.http);
      this.httpRoutes.set(key, recorder);
    }
    return recorder;
  }

  httpRequest(
    method: string,
    route: string | undefined,
    statusCode: number,
    seconds: number,
  ): void {
    this.httpRoute(route).record(method, statusCode, seconds);
  }

  // The owner of a circuit breaker (an agent's, OpenAI's) registers how to read its state; it is
  // read at scrape time.
  watchCircuit(dependency: string, readState: () => CircuitState): void {
    this.circuits.set(clampLabel(dependency, CIRCUIT_DEPENDENCIES), readState);
  }

  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  onModuleDestroy(): void {
    this.registry.clear();
  }

  // A series that exists from the start makes `rate()` and alerts work before the first event.
  private startAtZero(): void {
    for (const platform of PLATFORMS) {
      this.messagesReceived.inc({ platform }, 0);
      this.duplicates.inc({ platform }, 0);
      for (const status of OUTBOUND_SEND_RESULTS) {
        this.outboundSends.inc({ platform, status }, 0);
      }
    }
    for (const stage of PROCESSING_STAGES) {
      this.stageSeconds.zero({ stage });
    }
    for (const analyzer of ANALYZERS) {
      this.analyses.inc({ analyzer }, 0);
    }
    for (const kind of OPENAI_FAILURE_KINDS) {
      this.openAiFailures.inc({ kind }, 0);
    }
    for (const agent of AGENTS) {
      for (const outcome of AGENT_OUTCOMES) {
        this.agentCalls.inc({ agent, outcome }, 0);
      }
    }
  }

  // Counted in the database at scrape time, so they are right across restarts and instances.
  private defineDatabaseGauges(registers: Registry[]): void {
    const messages: Gauge<'status'> = new Gauge({
      name: `${PREFIX}messages_by_status`,
      help: 'Stored messages in each processing state (failed: waiting for a retry; dead: given up).',
      labelNames: ['status'],
      registers,
      collect: () =>
        this.setStatusCounts(messages, MESSAGE_STATUSES, () =>
          this.repository.countMessagesByStatus(),
        ),
    });
    const outbound: Gauge<'status'> = new Gauge({
      name: `${PREFIX}outbound_messages_by_status`,
      help: 'Stored outbound messages in each state.',
      labelNames: ['status'],
      registers,
      collect: () =>
        this.setStatusCounts(outbound, OUTBOUND_STATUSES, () =>
          this.repository.countOutboundByStatus(),
        ),
    });
  }

  private async setStatusCounts(
    gauge: Gauge<'status'>,
    statuses: readonly string[],
    count: () => Promise<StatusCountRow[]>,
  ): Promise<void> {
    gauge.reset();
    let rows: StatusCountRow[];
    try {
      rows = await count();
    } catch (error) {
      // No sample rather than a false zero; the database check of /health says why.
      this.logger.warn({ ...loggableError(error) }, 'metrics: counting rows failed');
      return;
    }
    const counts = new Map<string, number>(statuses.map((status) => [status, 0]));
    for (const row of rows) {
      const status = clampLabel(row.status, statuses);
      counts.set(status, (counts.get(status) ?? 0) + row.count);
    }
    for (const [status, value] of counts) {
      gauge.set({ status }, value);
    }
  }

  private defineCircuitGauge(registers: Registry[]): void {
    const gauge: Gauge<'dependency' | 'state'> = new Gauge({
      name: `${PREFIX}circuit_breaker_state`,
      help: 'Circuit breaker of each outside dependency: 1 for its current state, 0 for the others.',
      labelNames: ['dependency', 'state'],
      registers,
      collect: () => {
        gauge.reset();
        for (const [dependency, readState] of this.circuits) {
          const current = CIRCUIT_STATE_NAMES[readState()] ?? OTHER;
          for (const state of CIRCUIT_STATES) {
            gauge.set({ dependency, state }, state === current ? 1 : 0);
          }
        }
      },
    });
  }
}
