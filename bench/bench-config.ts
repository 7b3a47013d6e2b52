/* eslint-disable no-restricted-properties -- the bench's own knobs; the gateway it starts still reads its configuration only in src/config/ */
import { join } from 'node:path';
import type { LoadGeneratorChoice } from 'bench/load';

export type ProfileMode = 'auto' | 'always' | 'never';

export const SCENARIO_NAMES = ['triage', 'ingest', 'live', 'webhook', 'drain', 'soak'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface MysqlServer {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface BenchConfig {
  rootDir: string;
  resultsDir: string;
  isQuick: boolean;
  // `BENCH_SCENARIOS=drain,webhook` runs only those (while working on one); by default all but
  // the soak, which BENCH_SOAK=1 adds.
  scenarios: ScenarioName[];
  profile: ProfileMode;
  // For the measured runs: wrk where it can (`auto`, when installed), or one of the two always.
  loadGenerator: LoadGeneratorChoice;
  warmupSeconds: number;
  durationSeconds: number;
  profileSeconds: number;
  soakSeconds: number;
  // Requests/s for the soak; by default half the gateway's ingest rate measured in the same run.
  soakRate: number | null;
  ingestConnections: number;
  webhookConnections: number;
  drainMessages: number;
  drainConnections: number;
  drainTimeoutSeconds: number;
  // Distinct WhatsApp senders (conversations) the ingest and drain deliveries are spread over.
  senders: number;
  processingConcurrency: number;
  dbPoolSize: number;
  openAiDelayMs: number;
  agentDelayMs: number;
  gatewayLogLevel: string;
  mysql: MysqlServer;
  // The gateway's database, recreated for every gateway process; the references use `<it>_reference`.
  gatewayDatabase: string;
  referenceDatabase: string;
}

const ROOT_DIR = join(__dirname, '..');
const DEFAULT_DATABASE = 'gateway_bench';

export function loadBenchConfig(): BenchConfig {
  const env = process.env;
  const isQuick = flag(env.BENCH_QUICK);
  return {
    rootDir: ROOT_DIR,
    resultsDir: join(ROOT_DIR, 'bench', 'results'),
    isQuick,
    scenarios: scenarioNames(env.BENCH_SCENARIOS, flag(env.BENCH_SOAK)),
    profile: profileMode(env.BENCH_PROFILE),
    loadGenerator: loadGeneratorChoice(env.BENCH_LOAD_GENERATOR),
    warmupSeconds: integer(env, 'BENCH_WARMUP_S', isQuick ? 2 : 5, 0),
    durationSeconds: integer(env, 'BENCH_DURATION_S', isQuick ? 5 : 20, 1),
    profileSeconds: integer(env, 'BENCH_PROFILE_S', isQuick ? 5 : 15, 1),
    soakSeconds: integer(env, 'BENCH_SOAK_S', 300, 10),
    soakRate: env.BENCH_SOAK_RATE ? integer(env, 'BENCH_SOAK_RATE', 0, 1) : null,
    ingestConnections: integer(env, 'BENCH_INGEST_CONNECTIONS', 64, 1),
    webhookConnections: integer(env, 'BENCH_WEBHOOK_CONNECTIONS', 512, 1),
    drainMessages: integer(env, 'BENCH_DRAIN_MESSAGES', isQuick ? 2000 : 10000, 1),
    drainConnections: integer(env, 'BENCH_DRAIN_CONNECTIONS', 64, 1),
    drainTimeoutSeconds: integer(env, 'BENCH_DRAIN_TIMEOUT_S', isQuick ? 60 : 240, 1),
    senders: integer(env, 'BENCH_SENDERS', 1000, 1),
    processingConcurrency: integer(env, 'PROCESSING_CONCURRENCY', 512, 1),
    dbPoolSize: integer(env, 'DB_POOL_SIZE', 32, 1),
    openAiDelayMs: integer(env, 'BENCH_OPENAI_DELAY_MS', 300, 0),
    agentDelayMs: integer(env, 'BENCH_AGENT_DELAY_MS', 50, 0),
    gatewayLogLevel: env.BENCH_LOG_LEVEL ?? 'warn',
    mysql: mysqlServer(env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306'),
    gatewayDatabase: databaseName(env.BENCH_DATABASE ?? DEFAULT_DATABASE),
    referenceDatabase: `${databaseName(env.BENCH_DATABASE ?? DEFAULT_DATABASE)}_reference`,
  };
}

// Another run on the same MariaDB server (while developing the bench) picks its own name.
function databaseName(value: string): string {
  const name = value.trim();
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(name)) {
    throw new Error(`BENCH_DATABASE must be a lower-case database name, not "${value}"`);
  }
  return name;
}

// The gateway gets only what the bench sets, plus PATH: the developer's own variables stay out.
export function inheritedPath(): string {
  return process.env.PATH ?? '';
}

function flag(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());
}

function profileMode(value: string | undefined): ProfileMode {
  const mode = (value ?? 'auto').trim().toLowerCase();
  if (mode === 'auto' || mode === 'never') {
    return mode;
  }
  if (mode === 'always' || flag(mode)) {
    return 'always';
  }
  throw new Error(`BENCH_PROFILE must be auto, always or never, not "${value}"`);
}

function loadGeneratorChoice(value: string | undefined): LoadGeneratorChoice {
  const choice = (value ?? 'auto').trim().toLowerCase();
  if (choice === 'auto' || choice === 'wrk' || choice === 'autocannon') {
    return choice;
  }
  throw new Error(`BENCH_LOAD_GENERATOR must be auto, wrk or autocannon, not "${value}"`);
}

function scenarioNames(value: string | undefined, isSoak: boolean): ScenarioName[] {
  if (value === undefined || value.trim() === '') {
    return SCENARIO_NAMES.filter((name) => name !== 'soak' || isSoak);
  }
  const names = value.split(',').map((name) => name.trim().toLowerCase());
  const unknown = names.filter((name) => !(SCENARIO_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `BENCH_SCENARIOS: unknown ${unknown.join(', ')}; use ${SCENARIO_NAMES.join(', ')}`,
    );
  }
  return names as ScenarioName[];
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer ≥ ${min}, not "${raw}"`);
  }
  return value;
}

function mysqlServer(url: string): MysqlServer {
  const parsed = new URL(url);
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    throw new Error('BENCH_MYSQL_URL must be mysql://user[:password]@host[:port]');
  }
  return {
    host: parsed.hostname,
    port: parsed.port === '' ? 3306 : Number(parsed.port),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
}
