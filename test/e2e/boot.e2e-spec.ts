import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedIzerPayload } from 'test/factories/izer-payload.factory';
import { freePort, GatewayProcess } from 'test/setup/gateway-process';

// A gateway process compiles its TypeScript at start, slow on a busy machine: the test timeout
// stays above waitUntilReady's, so a slow start fails with the gateway's stderr, not a bare timeout.
jest.setTimeout(120_000);

describe('gateway process', () => {
  it('should refuse to start on bad configuration and name every bad variable', async () => {
    const sut = GatewayProcess.start({
      PORT: 'eighty',
      OPENAI_TIMEOUT_MS: '-5',
      DATABASE_URL: 'postgres://user:hunter2@db/x',
      LOG_LEVEL: 'loud',
    });

    const exit = await sut.waitForExit();

    expect(exit.code).toBe(1);
    expect(sut.stderr).toContain('Invalid environment variables');
    for (const name of ['PORT', 'OPENAI_TIMEOUT_MS', 'DATABASE_URL', 'LOG_LEVEL']) {
      expect(sut.stderr).toContain(name);
    }
    expect(sut.stderr).not.toContain('hunter2');
  });

  it('should start on the embedded SQLite default, answer the seed request and log JSON without personal data', async () => {
    const sqlitePath = join(tmpdir(), `gateway-boot-${process.pid}.sqlite`);
    const port = await freePort();
    const token = 'boot-test-token-5f1c';
    const sut = GatewayProcess.start({
      PORT: String(port),
      HOST: '127.0.0.1',
      SQLITE_PATH: sqlitePath,
      IZER_WEBHOOK_TOKEN: token,
      AGENT_GENERAL_PURPOSE_URL: 'http://127.0.0.1:9',
      AGENT_HUB_URL: 'http://127.0.0.1:9',
      AGENT_TIMEOUT_MS: '300',
      LOG_LEVEL: 'info',
    });
    try {
      await sut.waitUntilReady(`http://127.0.0.1:${port}/health/live`, 90_000);
      const payload = seedIzerPayload();

      const response = await fetch(`http://127.0.0.1:${port}/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-request-id': 'boot-req-1',
        },
        body: JSON.stringify(payload),
      });
      const health = await fetch(`http://127.0.0.1:${port}/health`);

      expect(response.status).toBe(200);
      expect(((await response.json()) as { message_id: string }).message_id).toBe(
        payload.message_id,
      );
      expect(health.status).toBe(200);
      // Nest closes the app on SIGTERM, then exits with 0 once every hook has run.
      expect(await sut.stop()).toEqual({ code: 0, signal: null });
      const lines = sut.stdout.split('\n').filter((line) => line.trim() !== '');
      expect(lines.length).toBeGreaterThan(0);
      const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(records.at(-1)).toMatchObject({ msg: 'gateway stopped', signal: 'SIGTERM' });
      const requestLines = records.filter((record) =>
        JSON.stringify(record).includes('boot-req-1'),
      );
      expect(requestLines.length).toBeGreaterThanOrEqual(2);
      for (const secret of [
        payload.current_message,
        'bisikletim',
        payload.phone_number ?? '',
        '905551234567',
        token,
        'Derya',
      ]) {
        expect(sut.stdout).not.toContain(secret);
      }
    } finally {
      await sut.stop();
      for (const file of [sqlitePath, `${sqlitePath}-wal`, `${sqlitePath}-shm`]) {
        rmSync(file, { force: true });
      }
    }
  });

  it('should come up before its tables exist and use them once another instance has made them', async () => {
    const sqlitePath = join(tmpdir(), `gateway-replica-${process.pid}.sqlite`);
    const [replicaPort, firstPort] = [await freePort(), await freePort()];
    const token = 'replica-test-token-7d2e';
    const env = (port: number, migrations: string): Record<string, string> => ({
      PORT: String(port),
      HOST: '127.0.0.1',
      SQLITE_PATH: sqlitePath,
      MIGRATIONS_RUN: migrations,
      IZER_WEBHOOK_TOKEN: token,
      AGENT_GENERAL_PURPOSE_URL: 'http://127.0.0.1:9',
      AGENT_HUB_URL: 'http://127.0.0.1:9',
      AGENT_TIMEOUT_MS: '300',
      LOG_LEVEL: 'info',
    });
    // A replica that does not migrate starts first, on a database with no tables yet.
    const replica = GatewayProcess.start(env(replicaPort, 'false'));
    let first: GatewayProcess | null = null;
    try {
      await replica.waitUntilReady(`http://127.0.0.1:${replicaPort}/health/live`, 90_000);
      expect(replica.stdout).toContain('triage corrections not loaded yet');
      first = GatewayProcess.start(env(firstPort, 'true'));
      await first.waitUntilReady(`http://127.0.0.1:${firstPort}/health/live`, 90_000);
      const payload = seedIzerPayload();

      const response = await fetch(`http://127.0.0.1:${replicaPort}/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(payload),
      });

      expect(response.status).toBe(200);
      expect(((await response.json()) as { message_id: string }).message_id).toBe(
        payload.message_id,
      );
    } finally {
      await replica.stopWithin(10_000);
      await first?.stopWithin(10_000);
      for (const file of [sqlitePath, `${sqlitePath}-wal`, `${sqlitePath}-shm`]) {
        rmSync(file, { force: true });
      }
    }
  });
});
