/* eslint-disable no-restricted-properties -- the bench's own knobs; the gateway it starts still reads its configuration only in src/config/ */
/**
 * What the public read routes cost at 100,000 stored messages (issue 13), on SQLite and on
 * MariaDB: each computation of `/stats` and `/stats/timeseries` uncached (wall time, and the
 * longest the event loop was held), then the routes called in a loop by several clients while a
 * probe and webhooks measure how long everyone else waits, with and without the cache and the
 * rate limit.
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/stats-cost.ts
 *
 * STATS_BENCH_KINDS (sqlite,mysql), STATS_BENCH_MESSAGES (100000), STATS_BENCH_LOAD_S (20),
 * BENCH_MYSQL_URL (mysql://root@127.0.0.1:3306; the database gateway_stats_bench is created and
 * dropped). Writes bench/results/stats-cost-<time>.json.
 */
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { AppModule } from 'src/app.module';
import { configureApp, createFastifyAdapter, NEST_APP_OPTIONS } from 'src/app.setup';
import { AppConfig } from 'src/config/app-config';
import { StatsService } from 'src/stats/stats.service';
import type { TimeBucket } from 'src/stats/time-buckets';
import { seedTraffic } from 'test/factories/traffic.factory';

const KINDS = (process.env.STATS_BENCH_KINDS ?? 'sqlite,mysql').split(',');
const MESSAGES = Number(process.env.STATS_BENCH_MESSAGES ?? 100_000);
const LOAD_S = Number(process.env.STATS_BENCH_LOAD_S ?? 20);
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const MYSQL_DATABASE = 'gateway_stats_bench';
const APP_SECRET = 'stats-bench-secret';
const RUNS = 3;
const LOOPING_CLIENTS = 8;

type Computation = { name: string; run: (app: NestFastifyApplication) => Promise<unknown> };

const stats = (hours: number): Computation => ({
  name: `/stats?hours=${hours}`,
  run: (app) => app.get(StatsService).computeStats(hours),
});
const series = (hours: number, bucket: TimeBucket): Computation => ({
  name: `/stats/timeseries?hours=${hours}&bucket=${bucket}`,
  run: (app) => app.get(StatsService).computeTimeseries(hours, bucket),
});
const COMPUTATIONS = [
  stats(24),
  stats(720),
  series(24, '1h'),
  series(168, '1h'),
  series(720, '1d'),
  series(720, '1h'),
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (value: number): number => Math.round(value * 10) / 10;

async function databaseEnv(kind: string, work: string): Promise<Record<string, string>> {
  if (kind === 'sqlite') {
    return { SQLITE_PATH: join(work, 'stats.sqlite'), MIGRATIONS_RUN: 'true' };
  }
  const url = new URL(MYSQL_URL);
  const admin = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
  await admin.query(`DROP DATABASE IF EXISTS \`${MYSQL_DATABASE}\``);
  await admin.query(
    `CREATE DATABASE \`${MYSQL_DATABASE}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
  );
  await admin.end();
  url.pathname = `/${MYSQL_DATABASE}`;
  return { DATABASE_URL: url.toString(), MIGRATIONS_RUN: 'true' };
}

async function dropMysql(): Promise<void> {
  const url = new URL(MYSQL_URL);
  const admin = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
  await admin.query(`DROP DATABASE IF EXISTS \`${MYSQL_DATABASE}\``);
  await admin.end();
}

async function startApp(env: Record<string, string>): Promise<NestFastifyApplication> {
  const config = AppConfig.fromEnv({
    LOG_LEVEL: 'warn',
    WHATSAPP_APP_SECRET: APP_SECRET,
    // Nothing listens there: processing of the webhooks sent during the load fails fast.
    AGENT_GENERAL_PURPOSE_URL: 'http://127.0.0.1:9',
    AGENT_BUSINESS_WORKFLOW_URL: 'http://127.0.0.1:9',
    AGENT_CODE_DEBUGGER_URL: 'http://127.0.0.1:9',
    AGENT_HUB_URL: 'http://127.0.0.1:9',
    ...env,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createFastifyAdapter(config),
    { ...NEST_APP_OPTIONS, logger: ['error', 'warn'] },
  );
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  return app;
}

async function seed(app: NestFastifyApplication): Promise<number> {
  const dataSource = app.get(DataSource);
  let seeded = 0;
  for (let seedNumber = 1; seeded < MESSAGES; seedNumber += 1) {
    seeded += (await seedTraffic(dataSource, { hours: 720, seed: seedNumber })).messages;
  }
  return seeded;
}

// The longest the event loop went without running a timer while `work` ran.
async function longestStall<T>(work: () => Promise<T>): Promise<number> {
  let longest = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  try {
    await work();
  } finally {
    clearInterval(ticker);
  }
  return Math.max(longest, performance.now() - last);
}

// Each computation uncached: its wall time and the longest the event loop was held meanwhile.
async function measureComputations(
  app: NestFastifyApplication,
): Promise<Record<string, { medianMs: number; maxMs: number; eventLoopMaxMs: number }>> {
  const results: Record<string, { medianMs: number; maxMs: number; eventLoopMaxMs: number }> = {};
  for (const computation of COMPUTATIONS) {
    await computation.run(app);
    const times: number[] = [];
    let stall = 0;
    for (let i = 0; i < RUNS; i += 1) {
      const startedAt = performance.now();
      stall = Math.max(stall, await longestStall(() => computation.run(app)));
      times.push(performance.now() - startedAt);
    }
    results[computation.name] = {
      medianMs: round(percentile(times, 50)),
      maxMs: round(Math.max(...times)),
      eventLoopMaxMs: round(stall),
    };
    process.stdout.write(`  ${computation.name}: ${JSON.stringify(results[computation.name])}\n`);
  }
  return results;
}

interface LoadFigures {
  statsAnswers: Record<string, number>;
  probe: { p50: number; p99: number; max: number; count: number };
  webhook: { p50: number; p99: number; max: number; count: number; non200: number };
}

function signedDelivery(n: number): { body: string; signature: string } {
  const from = String(905550000000 + (n % 500));
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              contacts: [{ profile: { name: 'Derya' }, wa_id: from }],
              messages: [
                {
                  from,
                  id: `wamid.stats.${randomUUID()}`,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: 'text',
                  text: { body: `Siparişim nerede? #${n}` },
                },
              ],
            },
          },
        ],
      },
    ],
  });
  return {
    body,
    signature: `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`,
  };
}

// Clients call the statistics in a loop (half of them a new window each time, which no cache
// helps with) while a probe asks /health/live every 50 ms and webhooks arrive 20 a second.
async function measureUnderLoad(url: string): Promise<LoadFigures> {
  const until = Date.now() + LOAD_S * 1000;
  const statsAnswers: Record<string, number> = {};
  const probe: number[] = [];
  const webhook: number[] = [];
  let non200 = 0;
  const timed = async (request: () => Promise<Response>): Promise<[number, number]> => {
    const startedAt = performance.now();
    const response = await request();
    await response.arrayBuffer();
    return [response.status, performance.now() - startedAt];
  };
  const looping = Array.from({ length: LOOPING_CLIENTS }, async (_, client) => {
    let n = 0;
    while (Date.now() < until) {
      n += 1;
      const hours = client % 2 === 0 ? 720 : 1 + ((client * 97 + n) % 720);
      const path =
        n % 2 === 0 ? `/stats?hours=${hours}` : `/stats/timeseries?hours=${hours}&bucket=1h`;
      const [status] = await timed(() => fetch(`${url}${path}`));
      statsAnswers[status] = (statsAnswers[status] ?? 0) + 1;
    }
  });
  const probing = (async () => {
    while (Date.now() < until) {
      const [, ms] = await timed(() => fetch(`${url}/health/live`));
      probe.push(ms);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const sending = (async () => {
    let n = 0;
    while (Date.now() < until) {
      const { body, signature } = signedDelivery(n++);
      const [status, ms] = await timed(() =>
        fetch(`${url}/webhooks/whatsapp`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
          body,
        }),
      );
      webhook.push(ms);
      if (status !== 200) {
        non200 += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  await Promise.all([...looping, probing, sending]);
  const figures = (values: number[]) => ({
    p50: round(percentile(values, 50)),
    p99: round(percentile(values, 99)),
    max: round(Math.max(...values)),
    count: values.length,
  });
  return { statsAnswers, probe: figures(probe), webhook: { ...figures(webhook), non200 } };
}

async function main(): Promise<void> {
  const report: Record<string, unknown> = { messages: MESSAGES, loadSeconds: LOAD_S };
  for (const kind of KINDS) {
    const work = mkdtempSync(join(tmpdir(), 'gateway-stats-'));
    try {
      const env = await databaseEnv(kind, work);
      process.stdout.write(`${kind}: seeding…\n`);
      let app = await startApp(env);
      const seeded = await seed(app);
      process.stdout.write(`${kind}: ${seeded} messages stored; computations, uncached:\n`);
      const computations = await measureComputations(app);
      await app.close();

      const loads: Record<string, LoadFigures> = {};
      const settings: [string, Record<string, string>][] = [
        ['no cache, no rate limit', { STATS_CACHE_MS: '0', STATS_RATE_LIMIT: '100000' }],
        ['cache (5 s), no rate limit', { STATS_RATE_LIMIT: '100000' }],
        ['cache (5 s) and rate limit (60/min), the defaults', {}],
      ];
      for (const [name, overrides] of settings) {
        app = await startApp({ ...env, MIGRATIONS_RUN: 'false', ...overrides });
        loads[name] = await measureUnderLoad(await app.getUrl());
        process.stdout.write(`${kind}, ${name}: ${JSON.stringify(loads[name])}\n`);
        await app.close();
      }
      report[kind] = { seeded, computations, loads };
    } finally {
      if (kind === 'mysql') {
        await dropMysql();
      }
      rmSync(work, { recursive: true, force: true });
    }
  }
  const resultsDir = join(__dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(
    resultsDir,
    `stats-cost-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  writeFileSync(file, JSON.stringify(report, null, 2));
  process.stdout.write(`\n${JSON.stringify(report, null, 2)}\nwritten to ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
