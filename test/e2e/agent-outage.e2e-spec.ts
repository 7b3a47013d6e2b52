import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildWhatsappPayload, signWhatsapp } from 'test/factories/whatsapp-payload.factory';
import { freePort, GatewayProcess } from 'test/setup/gateway-process';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { waitFor } from 'test/setup/wait-for';

const APP_SECRET = 'outage-app-secret';
const MESSAGES = 150;
const OPEN_MS = 1000;
const RELEASE_RATE = 50;
const QUIET_WINDOW_MS = 3500;
const WARN_LEVEL = 40;

interface LogRecord {
  level: number;
  time: number;
  msg: string;
  [key: string]: unknown;
}

describe('a long agent outage', () => {
  const sqlitePath = join(tmpdir(), `gateway-outage-${process.pid}.sqlite`);
  let agents: StubHttpServer;
  let isAgentUp = false;
  const callTimes: number[] = [];
  let sut: GatewayProcess;
  let url: string;
  let database: DataSource;

  const count = async (sql: string): Promise<number> =>
    Number((await database.query<{ count: number | string }[]>(sql))[0].count);
  const waitingForAgents = (): Promise<number> =>
    count(
      "SELECT COUNT(*) AS count FROM webhook_messages WHERE status = 'waiting' AND last_error LIKE '%circuit open'",
    );
  const logLines = (): LogRecord[] =>
    sut.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogRecord);

  beforeAll(async () => {
    agents = await StubHttpServer.start();
    agents.respondWith(() => {
      callTimes.push(Date.now());
      return isAgentUp ? { status: 200, body: { status: 'accepted' } } : { status: 503 };
    });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    sut = GatewayProcess.start({
      PORT: String(port),
      HOST: '127.0.0.1',
      SQLITE_PATH: sqlitePath,
      WHATSAPP_APP_SECRET: APP_SECRET,
      AGENT_GENERAL_PURPOSE_URL: agents.url,
      AGENT_BUSINESS_WORKFLOW_URL: agents.url,
      AGENT_CODE_DEBUGGER_URL: agents.url,
      AGENT_HUB_URL: agents.url,
      AGENT_MAX_ATTEMPTS: '1',
      AGENT_CIRCUIT_OPEN_MS: String(OPEN_MS),
      AGENT_RELEASE_RATE: String(RELEASE_RATE),
      MAX_ATTEMPTS: '50',
      RETRY_BASE_MS: '300',
      RETRY_MAX_MS: '600',
      // Sweeps far more often than the default, as a storm would show in them.
      RECOVERY_INTERVAL_MS: '200',
      LOG_LEVEL: 'info',
    });
    await sut.waitUntilReady(`${url}/health/live`);
    database = new DataSource({ type: 'better-sqlite3', database: sqlitePath });
    await database.initialize();
  }, 90_000);

  afterAll(async () => {
    await database?.destroy();
    await sut?.stopWithin(10_000);
    await agents?.stop();
    for (const file of [sqlitePath, `${sqlitePath}-wal`, `${sqlitePath}-shm`]) {
      rmSync(file, { force: true });
    }
  });

  it('should let messages wait quietly for open breakers, then hand them out at a bounded rate', async () => {
    for (let i = 0; i < MESSAGES; i += 1) {
      const body = JSON.stringify(
        buildWhatsappPayload([{ body: `Where is my order ${i}?`, from: `90555${1000000 + i}` }]),
      );
      const response = await fetch(`${url}/webhooks/whatsapp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': signWhatsapp(body, APP_SECRET),
        },
        body,
      });
      expect(response.status).toBe(200);
    }
    // Every message has been tried, and those no agent could even be asked about wait: all of
    // them `waiting`, none `failed` (the admins' failed list stays empty).
    await waitFor(waitingForAgents, (waiting) => waiting === MESSAGES, 'every message waiting');

    const windowStart = Date.now();
    const routingRowsBefore = await count('SELECT COUNT(*) AS count FROM agent_routing');
    const callsBefore = callTimes.length;
    await new Promise((resolve) => setTimeout(resolve, QUIET_WINDOW_MS));
    const routingRowsAdded =
      (await count('SELECT COUNT(*) AS count FROM agent_routing')) - routingRowsBefore;
    const callsInWindow = callTimes.length - callsBefore;
    const warnings = logLines().filter(
      (line) => line.level >= WARN_LEVEL && line.time >= windowStart,
    );

    // About three open periods: each lets a trial call or two through, and a few messages are
    // tried and wait again. Re-running all of them each period would add hundreds of rows.
    const periods = Math.ceil(QUIET_WINDOW_MS / OPEN_MS);
    expect(callsInWindow).toBeLessThanOrEqual(periods * 4);
    expect(routingRowsAdded).toBeLessThanOrEqual(periods * 20);
    // One line per breaker change (two agents here: the chosen one and agent_hub), with a count,
    // and one for the trial message whose calls failed.
    expect(warnings.length).toBeLessThanOrEqual(periods * 4);
    const opened = warnings.filter(
      (line) => line.msg === 'agent circuit breaker open: calls to it are refused for a while',
    );
    expect(opened.length).toBeGreaterThan(0);
    for (const line of opened) {
      // All but those just handed out for a try (a tenth of a second's worth) and the trial.
      expect(line.waiting).toBeGreaterThanOrEqual(MESSAGES - RELEASE_RATE / 10 - 2);
    }
    for (const line of warnings.filter((candidate) => !opened.includes(candidate))) {
      expect(line.msg).toBe('processing failed, will retry');
    }
    expect(
      await count("SELECT COUNT(*) AS count FROM webhook_messages WHERE status = 'dead'"),
    ).toBe(0);

    isAgentUp = true;
    const recoveredAt = Date.now();
    await waitFor(
      () => count("SELECT COUNT(*) AS count FROM webhook_messages WHERE status = 'done'"),
      (done) => done === MESSAGES,
      'every message done',
      30_000,
    );
    const successCalls = callTimes.filter((time) => time >= recoveredAt);
    const busiestSecond = Math.max(
      ...successCalls.map(
        (start) => successCalls.filter((time) => time >= start && time < start + 1000).length,
      ),
    );
    // Handed out at AGENT_RELEASE_RATE a second, not all at once.
    expect(busiestSecond).toBeLessThanOrEqual(RELEASE_RATE * 1.3);
    expect(successCalls.at(-1)! - successCalls[0]).toBeGreaterThanOrEqual(
      ((MESSAGES - RELEASE_RATE) / RELEASE_RATE) * 1000,
    );
    expect((await fetch(`${url}/health`)).status).toBe(200);
  }, 120_000);
});
