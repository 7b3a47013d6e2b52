import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exchange } from 'src/common/http/http-exchange';
import { HttpFailure, HttpRequestError } from 'src/common/http/http-request.error';
import { rejectionOf } from 'test/setup/rejection-of';

// A server that writes its answers piece by piece, as a slow or chunked upstream does.
describe('exchange', () => {
  let server: Server;
  let url: URL;
  let answer: (res: ServerResponse) => void;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => answer(res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x?y=1`);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('should join a body that arrives in pieces, a character split between two of them', async () => {
    const bytes = Buffer.from('Zincir koptu 🚲 şğı', 'utf8');
    const cut = bytes.indexOf(Buffer.from('🚲', 'utf8')) + 2;
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.write(bytes.subarray(0, cut));
      setTimeout(() => res.end(bytes.subarray(cut)), 20);
    };

    const answered = await exchange({ url, method: 'GET', maxResponseBytes: 1024 });

    expect(answered).toMatchObject({ status: 200, text: 'Zincir koptu 🚲 şğı' });
    expect(answered.headers['transfer-encoding']).toBe('chunked');
  });

  it('should hand back an empty text for an answer without a body, and repeated headers as a list', async () => {
    answer = (res) => {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.writeHead(204);
      res.end();
    };

    const answered = await exchange({ url, method: 'POST', body: '{}', maxResponseBytes: 16 });

    expect(answered).toEqual({
      status: 204,
      headers: expect.objectContaining({ 'set-cookie': ['a=1', 'b=2'] }) as unknown,
      text: '',
    });
  });

  it('should stop at the bound when the pieces together go over it', async () => {
    answer = (res) => {
      res.writeHead(200);
      res.write('x'.repeat(600));
      setTimeout(() => res.end('x'.repeat(600)), 20);
    };

    const error = await rejectionOf(
      exchange({ url, method: 'GET', maxResponseBytes: 1000 }),
      HttpRequestError,
    );

    expect(error).toMatchObject({ failure: HttpFailure.ResponseTooLarge, httpStatus: 200 });
  });

  it('should reject at once with the reason of a signal that has already ended', async () => {
    const reason = new Error('stopped before');
    answer = (res) => res.end('{}');

    await expect(
      exchange({ url, method: 'GET', maxResponseBytes: 16, signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
  });

  it('should end with a timeout while the body is still coming', async () => {
    answer = (res) => {
      res.writeHead(200);
      res.write('{"partial":');
      setTimeout(() => res.end('1}'), 400);
    };

    const error = await rejectionOf(
      exchange({ url, method: 'GET', maxResponseBytes: 1024, timeoutMs: 100 }),
      HttpRequestError,
    );

    expect(error).toMatchObject({ failure: HttpFailure.Timeout, code: 'ETIMEDOUT' });
  });
});
