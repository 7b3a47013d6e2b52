/* eslint-disable no-restricted-properties -- the bench's own knobs; the gateway it starts still reads its configuration only in src/config/ */
/**
 * A long agent outage with thousands of messages waiting (issue 13): the gateway's RSS, CPU, log
 * volume and database writes while every agent is down, then how the waiting messages drain once
 * the agents answer again.
 *
 *   npm run build && node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/outage.ts
 * The agents hold their ports and reset every connection while they are down.
 * OUTAGE_MESSAGES (10000), OUTAGE_MINUTES (30), OUTAGE_SAMPLE_S (10), OUTAGE_ROOT (this checkout:
 * the gateway that is measured, built, `dist/src/main.js`), OUTAGE_DATABASE_URL (unset: a fresh
 * SQLite file). The gateway runs with its defaults otherwise (AGENT_CIRCUIT_OPEN_MS 30 s,
 * RECOVERY_INTERVAL_MS 10 s, LOG_LEVEL info). Writes bench/results/outage-<time>.json.
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { inheritedPath } from 'bench/bench-config';
import { ChildRegistry } from 'bench/child-processes';
import { GatewayProcess, sleep } from 'bench/gateway';
import { WHATSAPP_APP_SECRET, WhatsappDeliveries } from 'bench/payloads';
import { CpuWindow, readMemory } from 'bench/process-stats';

const ROOT = process.env.OUTAGE_ROOT ?? join(__dirname, '..');
const MESSAGES = Number(process.env.OUTAGE_MESSAGES ?? 10_000);
const MINUTES = Number(process.env.OUTAGE_MINUTES ?? 30);
const SAMPLE_S = Number(process.env.OUTAGE_SAMPLE_S ?? 10);
const DATABASE_URL = process.env.OUTAGE_DATABASE_URL ?? null;
const SEND_CONCURRENCY = 32;
const SENDERS = 1000;
const WARN_LEVEL = 40;

interface Sample {
  minute: number;
  rssMiB: number;
  cpuPercent: number;
  logBytes: number;
  warnLines: number;
  routingRows: number;
  waiting: number;
  statuses: Record<string, number>;
}

// The four agents, down: they hold their ports (so nothing else on the machine takes them) and
// reset every connection, as a crashed service behind a proxy would; later they come back.
class Agents {
  private isUp = false;

  private constructor(private readonly servers: Server[]) {}

  static async start(): Promise<Agents> {
    const servers: Server[] = [];
    const agents = new Agents(servers);
    for (let i = 0; i < 4; i += 1) {
      const server = createServer((req, res) => {
        if (!agents.isUp) {
          req.socket.destroy();
          return;
        }
        req.resume();
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"status":"accepted"}');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
    }
    return agents;
  }

  env(): Record<string, string> {
    const [general, business, code, hub] = this.servers.map(
      (server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    );
    return {
      AGENT_GENERAL_PURPOSE_URL: general,
      AGENT_BUSINESS_WORKFLOW_URL: business,
      AGENT_CODE_DEBUGGER_URL: code,
      AGENT_HUB_URL: hub,
    };
  }

  comeBack(): void {
    this.isUp = true;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  }
}

function countLog(file: string, fromByte: number): { bytes: number; warnLines: number } {
  const text = readFileSync(file).subarray(fromByte).toString('utf8');
  let warnLines = 0;
  for (const line of text.split('\n')) {
    const level = /^\{"level":(\d+)/.exec(line);
    if (level && Number(level[1]) >= WARN_LEVEL) {
      warnLines += 1;
    }
  }
  return { bytes: statSync(file).size, warnLines };
}

async function main(): Promise<void> {
  const registry = new ChildRegistry();
  const work = mkdtempSync(join(tmpdir(), 'gateway-outage-'));
  const logFile = join(work, 'gateway.log');
  const sqlitePath = join(work, 'gateway.sqlite');
  const agents = await Agents.start();
  // Ctrl-C or a kill: the gateway goes too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void registry.stopAll().finally(() => process.exit(1));
    });
  }
  const databaseEnv: Record<string, string> = DATABASE_URL
    ? { DATABASE_URL, MIGRATIONS_RUN: 'true' }
    : { SQLITE_PATH: sqlitePath };
  let database: DataSource | null = null;
  try {
    const gateway = await GatewayProcess.start(registry, {
      rootDir: ROOT,
      workDir: work,
      logFile,
      env: {
        PATH: inheritedPath(),
        NODE_ENV: 'production',
        WHATSAPP_APP_SECRET,
        LOG_LEVEL: 'info',
        ...agents.env(),
        ...databaseEnv,
      },
    });
    database = new DataSource(
      DATABASE_URL
        ? { type: 'mysql', url: DATABASE_URL }
        : { type: 'better-sqlite3', database: sqlitePath },
    );
    await database.initialize();
    const source = database;
    const count = async (sql: string): Promise<number> =>
      Number((await source.query<{ count: number | string }[]>(sql))[0].count);
    const waiting = (): Promise<number> =>
      count(
        "SELECT COUNT(*) AS count FROM webhook_messages WHERE status = 'failed' AND last_error LIKE '%circuit open'",
      );
    const statuses = async (): Promise<Record<string, number>> =>
      Object.fromEntries(
        (
          await source.query<{ status: string; count: number | string }[]>(
            'SELECT status, COUNT(*) AS count FROM webhook_messages GROUP BY status',
          )
        ).map((row) => [row.status, Number(row.count)]),
      );

    // 1. The agents are down; the messages come in.
    const deliveries = new WhatsappDeliveries(SENDERS);
    const sendStartedAt = Date.now();
    let failedSends = 0;
    await Promise.all(
      Array.from({ length: SEND_CONCURRENCY }, async () => {
        while (deliveries.count < MESSAGES) {
          const request = deliveries.next();
          const response = await fetch(`${gateway.url}/webhooks/whatsapp`, {
            method: 'POST',
            headers: request.headers,
            body: request.body,
          });
          await response.arrayBuffer();
          if (response.status !== 200) {
            failedSends += 1;
          }
        }
      }),
    );
    process.stdout.write(
      `stored ${MESSAGES} messages in ${((Date.now() - sendStartedAt) / 1000).toFixed(1)} s (${failedSends} not 200)\n`,
    );
    // Until every message has been tried and waits (a few that made real calls are retried first).
    const settleDeadline = Date.now() + 10 * 60_000;
    while ((await waiting()) < MESSAGES * 0.99 && Date.now() < settleDeadline) {
      await sleep(2000);
    }
    process.stdout.write(
      `waiting for agents: ${await waiting()} after ${((Date.now() - sendStartedAt) / 1000).toFixed(0)} s\n`,
    );

    // 2. The outage itself.
    const samples: Sample[] = [];
    const outageStartedAt = Date.now();
    const logSizeAtStart = statSync(logFile).size;
    let logFrom = logSizeAtStart;
    const totalWarnAtStart = countLog(logFile, 0).warnLines;
    const routingAtStart = await count('SELECT COUNT(*) AS count FROM agent_routing');
    const cpuTotal = new CpuWindow({ gateway: gateway.pid });
    cpuTotal.start();
    while (Date.now() - outageStartedAt < MINUTES * 60_000) {
      const window = new CpuWindow({ gateway: gateway.pid });
      window.start();
      await sleep(SAMPLE_S * 1000);
      const cpu = window.stop().processes.gateway;
      const log = countLog(logFile, logFrom);
      logFrom = log.bytes;
      const sample: Sample = {
        minute: Math.round(((Date.now() - outageStartedAt) / 60_000) * 100) / 100,
        rssMiB: Math.round(readMemory(gateway.pid)?.rssMiB ?? 0),
        cpuPercent: cpu,
        logBytes: log.bytes,
        warnLines: log.warnLines,
        routingRows: await count('SELECT COUNT(*) AS count FROM agent_routing'),
        waiting: await waiting(),
        statuses: await statuses(),
      };
      samples.push(sample);
      process.stdout.write(`${JSON.stringify(sample)}\n`);
    }
    const cpuOverall = cpuTotal.stop().processes.gateway;
    const outageMinutes = (Date.now() - outageStartedAt) / 60_000;
    const warnDuring = countLog(logFile, 0).warnLines - totalWarnAtStart;
    const routingDuring =
      (await count('SELECT COUNT(*) AS count FROM agent_routing')) - routingAtStart;

    // 3. The agents come back.
    agents.comeBack();
    const backAt = Date.now();
    let peakDrainRss = 0;
    while (((await statuses()).done ?? 0) < MESSAGES && Date.now() - backAt < 30 * 60_000) {
      peakDrainRss = Math.max(peakDrainRss, readMemory(gateway.pid)?.rssMiB ?? 0);
      await sleep(1000);
    }
    const drainSeconds = (Date.now() - backAt) / 1000;
    const final = await statuses();

    const rss = samples.map((sample) => sample.rssMiB);
    const fifth = Math.max(1, Math.floor(samples.length / 5));
    const mean = (values: number[]): number =>
      Math.round(values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length));
    const summary = {
      root: ROOT,
      database: DATABASE_URL ? 'mysql' : 'sqlite',
      messages: MESSAGES,
      outageMinutes: Math.round(outageMinutes * 10) / 10,
      rssMiB: {
        first: rss[0],
        last: rss.at(-1),
        min: Math.min(...rss),
        max: Math.max(...rss),
        meanFirstFifth: mean(rss.slice(0, fifth)),
        meanLastFifth: mean(rss.slice(-fifth)),
      },
      cpuPercentOfOneCore: {
        overall: cpuOverall,
        maxSample: Math.max(...samples.map((sample) => sample.cpuPercent)),
      },
      warnLinesPerMinute: Math.round((warnDuring / outageMinutes) * 10) / 10,
      logBytesDuringOutage: (samples.at(-1)?.logBytes ?? logSizeAtStart) - logSizeAtStart,
      agentRoutingRowsPerMinute: Math.round((routingDuring / outageMinutes) * 10) / 10,
      drain: { seconds: Math.round(drainSeconds), peakRssMiB: Math.round(peakDrainRss), final },
    };
    process.stdout.write(`\n${JSON.stringify(summary, null, 2)}\n`);
    const resultsDir = join(__dirname, 'results');
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    mkdirSync(join(resultsDir, 'logs'), { recursive: true });
    writeFileSync(
      join(resultsDir, `outage-${stamp}.json`),
      JSON.stringify({ summary, samples }, null, 2),
    );
    await gateway.stop();
    copyFileSync(logFile, join(resultsDir, 'logs', `outage-${stamp}.log`));
  } finally {
    await database?.destroy();
    await agents.stop();
    await registry.stopAll();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
