import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { freePort, GatewayProcess } from 'test/setup/gateway-process';
import { waitFor } from 'test/setup/wait-for';

const ADMIN_TOKEN = 'log-levels-admin-token-0123';
const ERROR_LEVEL = 50;
const INFO_LEVEL = 30;

interface LogRecord {
  level: number;
  msg: string;
  requestId?: string;
  [key: string]: unknown;
}

describe('log levels', () => {
  const sqlitePath = join(tmpdir(), `gateway-log-levels-${process.pid}.sqlite`);
  let port: number;
  let sut: GatewayProcess;

  const call = (
    requestId: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` },
  ): Promise<Response> =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const records = (): LogRecord[] =>
    sut.stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as LogRecord);

  const linesOf = (requestId: string): LogRecord[] =>
    records().filter((record) => record.requestId === requestId);

  beforeAll(async () => {
    port = await freePort();
    sut = GatewayProcess.start({
      PORT: String(port),
      HOST: '127.0.0.1',
      SQLITE_PATH: sqlitePath,
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      AGENT_GENERAL_PURPOSE_URL: 'http://127.0.0.1:9',
      AGENT_HUB_URL: 'http://127.0.0.1:9',
      LOG_LEVEL: 'debug',
    });
    await sut.waitUntilReady(`http://127.0.0.1:${port}/health/live`);
  }, 90_000);

  afterAll(async () => {
    await sut?.stopWithin(10_000);
    for (const file of [sqlitePath, `${sqlitePath}-wal`, `${sqlitePath}-shm`]) {
      rmSync(file, { force: true });
    }
  });

  it('should log client errors at info or below, never at warn or error', async () => {
    const answers = [
      await call('req-400', 'POST', '/admin/critical-groups', { name: 42 }),
      await call('req-401', 'GET', '/admin/critical-groups', undefined, {}),
      await call('req-404', 'GET', '/messages/999999'),
      await call('req-409-a', 'POST', '/admin/critical-groups', { name: 'Kargo Ekibi' }),
      await call('req-409', 'POST', '/admin/critical-groups', { name: 'kargo ekibi' }),
      await call('req-422', 'POST', '/messages/proactive', {
        platform: 'kindly',
        recipient: 'c-1',
        text: 'hi',
      }),
    ];

    expect(answers.map((answer) => answer.status)).toEqual([400, 401, 404, 201, 409, 422]);
    for (const requestId of ['req-400', 'req-401', 'req-404', 'req-409', 'req-422']) {
      // pino writes without blocking: the request's own line may come a moment after the answer.
      const lines = await waitFor(
        () => Promise.resolve(linesOf(requestId)),
        (found) => found.some((line) => line.msg === 'request completed'),
        `the log line of ${requestId}`,
      );
      expect([requestId, Math.max(...lines.map((line) => line.level))]).toEqual([
        requestId,
        INFO_LEVEL,
      ]);
    }
  });

  it('should log a 500 at error with its message, stack and where it came from', async () => {
    // A real fault under the running gateway: a table it reads disappears.
    const database = new DataSource({ type: 'better-sqlite3', database: sqlitePath });
    await database.initialize();
    await database.query('DROP TABLE important_customers');
    await database.destroy();

    const answer = await call('req-500', 'GET', '/admin/important-customers');

    expect(answer.status).toBe(500);
    const lines = await waitFor(
      () => Promise.resolve(linesOf('req-500')),
      (found) => found.some((line) => line.msg === 'request failed'),
      'the log line of the 500',
    );
    const failure = lines.find((line) => line.msg === 'request failed');
    expect(failure).toMatchObject({
      level: ERROR_LEVEL,
      statusCode: 500,
      code: 'Internal',
      route: 'GET /admin/important-customers',
      errorName: 'QueryFailedError',
      errorCode: 'SQLITE_ERROR',
      // The driver's message quotes the statement: it is withheld, the rest is there.
      errorMessage: expect.stringContaining('withheld') as unknown,
      origin: expect.stringMatching(/src\/[\w/.-]+\.ts:\d+:\d+/) as unknown,
      stack: expect.stringMatching(/^QueryFailedError: .*\n\s+at /) as unknown,
    });
    expect(JSON.stringify(failure)).not.toContain('important_customers"');
  });
});
