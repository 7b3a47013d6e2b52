import { DataSource } from 'typeorm';
import { type GatewayProcess, useGatewayProcess } from 'test/setup/gateway-process';
import { waitFor } from 'test/setup/wait-for';

const ADMIN_TOKEN = 'log-levels-admin-token-0123';
const ERROR_LEVEL = 50;
const INFO_LEVEL = 30;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface LogRecord {
  level: number;
  msg: string;
  requestId?: string;
  [key: string]: unknown;
}

function recordsOf(gateway: GatewayProcess): LogRecord[] {
  return gateway.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LogRecord);
}

describe('log levels', () => {
  const gateway = useGatewayProcess('log-levels', () => ({
    ADMIN_API_TOKEN: ADMIN_TOKEN,
    AGENT_GENERAL_PURPOSE_URL: 'http://127.0.0.1:9',
    AGENT_HUB_URL: 'http://127.0.0.1:9',
    LOG_LEVEL: 'debug',
    LOG_REQUEST_SAMPLE: '1',
  }));

  const call = (
    requestId: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` },
  ): Promise<Response> =>
    fetch(`${gateway.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const linesOf = (requestId: string): LogRecord[] =>
    recordsOf(gateway.process).filter((record) => record.requestId === requestId);

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

  it('should log a successful request at info with its id, method, path and status', async () => {
    const answer = await call('req-200', 'GET', '/admin/critical-groups?page=1');

    expect(answer.status).toBe(200);
    const lines = await waitFor(
      () => Promise.resolve(linesOf('req-200')),
      (found) => found.length > 0,
      'the request line of req-200',
    );
    expect(lines).toEqual([
      {
        level: INFO_LEVEL,
        time: expect.any(Number) as unknown,
        pid: expect.any(Number) as unknown,
        hostname: expect.any(String) as unknown,
        requestId: 'req-200',
        // Without the query string: it can carry verify tokens.
        req: { method: 'GET', path: '/admin/critical-groups' },
        res: { statusCode: 200 },
        responseTime: expect.any(Number) as unknown,
        msg: 'request completed',
      },
    ]);
  });

  it('should echo a well-formed x-request-id and log under it', async () => {
    const answer = await call('req-echo.1:a', 'GET', '/admin/critical-groups');

    expect(answer.headers.get('x-request-id')).toBe('req-echo.1:a');
    await waitFor(
      () => Promise.resolve(linesOf('req-echo.1:a')),
      (found) => found.some((line) => line.msg === 'request completed'),
      'the request line of req-echo.1:a',
    );
  });

  it('should generate a request id when none or a malformed one is sent, and log under it', async () => {
    for (const given of [undefined, 'bad id with spaces']) {
      const answer = await fetch(`${gateway.url}/admin/critical-groups`, {
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(given === undefined ? {} : { 'x-request-id': given }),
        },
      });

      expect(answer.status).toBe(200);
      const generated = answer.headers.get('x-request-id') ?? '';
      expect(generated).toMatch(UUID);
      const lines = await waitFor(
        () => Promise.resolve(linesOf(generated)),
        (found) => found.length > 0,
        `the request line of ${generated}`,
      );
      expect(lines.map((line) => [line.msg, line.res])).toEqual([
        ['request completed', { statusCode: 200 }],
      ]);
    }
  });

  it('should log a 500 at error with its message, stack and where it came from', async () => {
    // A real fault under the running gateway: a table it reads disappears.
    const database = new DataSource({ type: 'better-sqlite3', database: gateway.sqlitePath });
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

describe('sampled request lines (LOG_REQUEST_SAMPLE=0)', () => {
  const gateway = useGatewayProcess('log-sample', () => ({
    ADMIN_API_TOKEN: ADMIN_TOKEN,
    LOG_LEVEL: 'info',
    LOG_REQUEST_SAMPLE: '0',
  }));

  it('should leave out successful requests and still log refused ones', async () => {
    const get = (requestId: string, headers: Record<string, string>): Promise<Response> =>
      fetch(`${gateway.url}/admin/critical-groups`, {
        headers: { 'x-request-id': requestId, ...headers },
      });

    const ok = await get('quiet-200', { authorization: `Bearer ${ADMIN_TOKEN}` });
    const refused = await get('loud-401', {});

    expect([ok.status, refused.status]).toEqual([200, 401]);
    expect(ok.headers.get('x-request-id')).toBe('quiet-200');
    // Lines are written in order: once the later request's line is out, the earlier one's would be.
    const refusedLines = await waitFor(
      () =>
        Promise.resolve(recordsOf(gateway.process).filter((line) => line.requestId === 'loud-401')),
      (found) => found.length > 0,
      'the line of the refused request',
    );
    expect(refusedLines.map((line) => [line.level, line.msg, line.res])).toEqual([
      [INFO_LEVEL, 'request completed', { statusCode: 401 }],
    ]);
    expect(recordsOf(gateway.process).filter((line) => line.requestId === 'quiet-200')).toEqual([]);
  });
});
