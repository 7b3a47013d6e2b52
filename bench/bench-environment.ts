import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type BenchConfig, inheritedPath } from 'bench/bench-config';
import { ChildRegistry, type ForkedServer, forkServer } from 'bench/child-processes';
import { BenchDatabase, type FlushSetting } from 'bench/database';
import { GatewayProcess } from 'bench/gateway';
import { IZER_WEBHOOK_TOKEN, WHATSAPP_APP_SECRET } from 'bench/payloads';
import { CpuWindow, findDatabaseServerPid, RssSampler } from 'bench/process-stats';
import type { StandInOptions } from 'bench/servers/stand-in';
import type { StoreReferenceOptions } from 'bench/servers/whatsapp-rows';

export interface StandInCalls {
  openai: number;
  agent: number;
}

export interface GatewayOptions {
  // Another checkout's build (its `dist/` and `npm start`'s flags), for `npm run bench:ab`.
  rootDir?: string;
  nodeArgs?: string[];
  // On top of the bench's gateway environment, for one run.
  env?: Record<string, string>;
}

/**
 * Everything the scenarios run against, all on loopback: the MariaDB databases, the OpenAI and
 * agent stand-ins, the gateway and the reference servers (each a fresh process, on a fresh
 * database where it stores, per scenario: one run's backlog or table size never weighs on the
 * next, and only one server under test runs at a time). `tearDown` ends all of it.
 */
export class BenchEnvironment {
  readonly rss = new RssSampler(500);
  readonly peakRssByRun: Record<string, number> = {};
  // What each gateway logged at warn and above before it was stopped (its start-up included).
  readonly logProblemsByRun: Record<string, Record<string, number>> = {};
  private readonly registry = new ChildRegistry();
  private database: BenchDatabase | null = null;
  private servers: { openAi: ForkedServer; agent: ForkedServer } | null = null;
  private databasePid: number | null = null;
  private gateway: GatewayProcess | null = null;
  private tearingDown: Promise<void> | null = null;

  constructor(private readonly config: BenchConfig) {}

  get db(): BenchDatabase {
    if (!this.database) {
      throw new Error('the bench environment is not set up');
    }
    return this.database;
  }

  get openAi(): ForkedServer {
    return this.started().openAi;
  }

  get agent(): ForkedServer {
    return this.started().agent;
  }

  async setUp(): Promise<{ flush: FlushSetting; databaseVersion: string }> {
    const { config } = this;
    mkdirSync(join(config.resultsDir, 'logs'), { recursive: true });
    this.database = await BenchDatabase.connect(config.mysql);
    const databaseVersion = await this.database.version();
    const flush = await this.database.ensureDurableCommits();
    this.databasePid = findDatabaseServerPid();
    await this.database.drop(config.gatewayDatabase);
    await this.database.drop(config.referenceDatabase);
    const openAiOptions: StandInOptions = { kind: 'openai', delayMs: config.openAiDelayMs };
    const agentOptions: StandInOptions = { kind: 'agent', delayMs: config.agentDelayMs };
    const [openAi, agent] = await Promise.all([
      this.fork('OpenAI stand-in', 'stand-in.ts', openAiOptions),
      this.fork('agent stand-in', 'stand-in.ts', agentOptions),
    ]);
    this.servers = { openAi, agent };
    return { flush, databaseVersion };
  }

  /** What an ingest reference needs: the reference database, the pool size, the app secret. */
  storeReferenceOptions(): StoreReferenceOptions {
    const { config } = this;
    return {
      ...config.mysql,
      database: config.referenceDatabase,
      poolSize: config.dbPoolSize,
      whatsappAppSecret: WHATSAPP_APP_SECRET,
    };
  }

  /**
   * One of `bench/servers/*.reference.ts` in a fresh process for `work`, then stopped; with
   * `hasDatabase`, on a freshly created reference database with the gateway's tables.
   */
  async withReference<T>(
    name: string,
    script: string,
    options: unknown,
    work: (server: ForkedServer) => Promise<T>,
    hasDatabase = false,
  ): Promise<T> {
    const { config } = this;
    if (hasDatabase) {
      await this.db.recreate(config.referenceDatabase);
      await this.db.loadSchema(config.referenceDatabase, config.rootDir);
    }
    const server = await this.fork(name, script, options);
    try {
      return await work(server);
    } finally {
      await server.stop();
      if (hasDatabase) {
        await this.db.drop(config.referenceDatabase);
      }
    }
  }

  /** A fresh gateway database and a gateway on it; only one runs at a time. */
  async startGateway(run: string, options: GatewayOptions = {}): Promise<GatewayProcess> {
    if (this.gateway) {
      throw new Error('a gateway is already running');
    }
    const { config } = this;
    await this.db.recreate(config.gatewayDatabase);
    this.gateway = await GatewayProcess.start(this.registry, {
      rootDir: options.rootDir ?? config.rootDir,
      workDir: config.resultsDir,
      logFile: join(config.resultsDir, 'logs', `gateway-${run}.log`),
      env: { ...this.gatewayEnv(), ...options.env },
      nodeArgs: options.nodeArgs,
    });
    this.rss.watch(this.gateway.pid);
    return this.gateway;
  }

  /** Stops the gateway, drops its database, and returns the gateway's peak RSS. */
  async stopGateway(run: string): Promise<number> {
    const gateway = this.gateway;
    if (!gateway) {
      return 0;
    }
    this.logProblemsByRun[run] = gateway.logProblems(Date.now());
    // VmHWM read while the process still runs: its peak over the whole scenario, start-up included.
    const peak = this.rss.finish();
    this.peakRssByRun[run] = round1(peak);
    await gateway.stop();
    this.gateway = null;
    await this.db.drop(this.config.gatewayDatabase);
    return peak;
  }

  async withGateway<T>(
    run: string,
    work: (gateway: GatewayProcess) => Promise<T>,
    options: GatewayOptions = {},
  ): Promise<T> {
    const gateway = await this.startGateway(run, options);
    try {
      return await work(gateway);
    } finally {
      await this.stopGateway(run);
    }
  }

  /** CPU use while a load runs: the server under test, MariaDB and the load generator. */
  cpuWindow(serverPid: number): CpuWindow {
    const pids: Record<string, number> = { server: serverPid, loadGenerator: process.pid };
    if (this.databasePid !== null) {
      pids.mariadb = this.databasePid;
    }
    // wrk, when it generates the load, is the bench's child: its CPU is the load generator's.
    return new CpuWindow(pids, [process.pid]);
  }

  async standInCalls(): Promise<StandInCalls> {
    const [openai, agent] = await Promise.all([
      standInStats(this.openAi),
      standInStats(this.agent),
    ]);
    return { openai: openai.calls, agent: agent.calls };
  }

  /** Calls both stand-ins have had, and those still waiting for their answer. */
  async standInActivity(): Promise<{ calls: number; open: number }> {
    const stats = await Promise.all([standInStats(this.openAi), standInStats(this.agent)]);
    return {
      calls: stats.reduce((sum, s) => sum + s.calls, 0),
      open: stats.reduce((sum, s) => sum + s.calls - s.answered - s.abandoned, 0),
    };
  }

  /** The OpenAI stand-in keeps its answers back: the gateway's processing waits at analysis. */
  async holdOpenAi(): Promise<void> {
    await fetch(`${this.openAi.url}/control/hold`, { method: 'POST' });
  }

  async releaseOpenAi(): Promise<void> {
    await fetch(`${this.openAi.url}/control/release`, { method: 'POST' });
  }

  /** Ends every process the bench started and drops its databases; safe to call twice. */
  tearDown(): Promise<void> {
    this.tearingDown ??= this.doTearDown();
    return this.tearingDown;
  }

  private async doTearDown(): Promise<void> {
    const problems: string[] = [];
    const attempt = async (what: string, step: () => Promise<unknown>): Promise<void> => {
      try {
        await step();
      } catch (error) {
        problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    this.rss.finish();
    await attempt('stopping the gateway', async () => this.gateway?.stop());
    await attempt('stopping the servers', () => this.registry.stopAll());
    if (this.database) {
      const database = this.database;
      await attempt('dropping the gateway database', () =>
        database.drop(this.config.gatewayDatabase),
      );
      await attempt('dropping the reference database', () =>
        database.drop(this.config.referenceDatabase),
      );
      await attempt('closing the admin connection', () => database.close());
    }
    if (problems.length > 0) {
      process.stderr.write(`tear-down problems:\n  ${problems.join('\n  ')}\n`);
    }
  }

  private fork(name: string, script: string, options: unknown): Promise<ForkedServer> {
    return forkServer(this.registry, this.config.rootDir, name, script, options);
  }

  private started(): NonNullable<BenchEnvironment['servers']> {
    if (!this.servers) {
      throw new Error('the bench environment is not set up');
    }
    return this.servers;
  }

  private gatewayEnv(): Record<string, string> {
    const { config } = this;
    const { host, port, user, password } = config.mysql;
    const credentials = password
      ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}`
      : encodeURIComponent(user);
    const agentUrl = this.agent.url;
    return {
      PATH: inheritedPath(),
      NODE_ENV: 'production',
      DATABASE_URL: `mysql://${credentials}@${host}:${port}/${config.gatewayDatabase}`,
      MIGRATIONS_RUN: 'true',
      DB_POOL_SIZE: String(config.dbPoolSize),
      PROCESSING_CONCURRENCY: String(config.processingConcurrency),
      LOG_LEVEL: config.gatewayLogLevel,
      WHATSAPP_APP_SECRET,
      IZER_WEBHOOK_TOKEN,
      OPENAI_API_KEY: 'x',
      OPENAI_BASE_URL: `${this.openAi.url}/v1`,
      AGENT_GENERAL_PURPOSE_URL: agentUrl,
      AGENT_BUSINESS_WORKFLOW_URL: agentUrl,
      AGENT_CODE_DEBUGGER_URL: agentUrl,
      AGENT_HUB_URL: agentUrl,
      // A scenario's left-over backlog is handed back quickly when its gateway stops.
      SHUTDOWN_TIMEOUT_MS: '3000',
    };
  }
}

interface StandInStats {
  calls: number;
  answered: number;
  abandoned: number;
}

async function standInStats(server: ForkedServer): Promise<StandInStats> {
  const response = await fetch(`${server.url}/stats`);
  return (await response.json()) as StandInStats;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
