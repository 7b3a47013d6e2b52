import { AppConfig } from 'src/config/app-config';
import { PlatformHttpClient } from 'src/replies/platform-http.client';
import { PlatformSendError } from 'src/replies/platform-send.error';
import { rejectionOf } from 'test/setup/rejection-of';
import { StubHttpServer, useStubServer } from 'test/setup/stub-http-server';

describe(PlatformHttpClient.name, () => {
  const stub = useStubServer();
  const sut = new PlatformHttpClient(AppConfig.fromEnv({ LOG_LEVEL: 'silent' }));

  const sendErrorOf = (promise: Promise<unknown>): Promise<PlatformSendError> =>
    rejectionOf(promise, PlatformSendError);

  it('should post the body as JSON with its headers and hand back the parsed answer', async () => {
    stub.respondWith(() => ({ status: 200, body: { messages: [{ id: 'wamid.9' }] } }));

    const response = await sut.request({
      method: 'POST',
      url: `${stub.url}/v21.0/123/messages`,
      headers: { authorization: 'Bearer t' },
      body: { to: '905551234567', text: 'Merhaba 👋' },
    });

    expect(response).toEqual({ status: 200, body: { messages: [{ id: 'wamid.9' }] } });
    const [received] = stub.requests;
    expect(received).toMatchObject({ method: 'POST', path: '/v21.0/123/messages' });
    expect(received.headers).toMatchObject({
      accept: 'application/json',
      'content-type': 'application/json',
      authorization: 'Bearer t',
    });
    expect(received.json).toEqual({ to: '905551234567', text: 'Merhaba 👋' });
  });

  it('should hand back null for an answer that is not JSON', async () => {
    stub.respondWith(() => ({ status: 200, body: '{"broken":' }));

    const response = await sut.request({ method: 'GET', url: `${stub.url}/chats/1` });

    expect(response).toEqual({ status: 200, body: null });
    expect(stub.requests[0].headers['content-type']).toBeUndefined();
  });

  it("should fail a 429 as retryable with the platform's Retry-After", async () => {
    stub.respondWith(() => ({
      status: 429,
      body: { error: { message: 'Too many\nrequests', code: 4 } },
      headers: { 'retry-after': '12' },
    }));

    const error = await sendErrorOf(
      sut.request({ method: 'POST', url: `${stub.url}/send?token=secret`, body: {} }),
    );

    expect(error.message).toBe(`POST ${stub.url}/send: HTTP 429 (Too many requests)`);
    expect(error.details).toEqual({ httpStatus: 429, isRetryable: true, retryAfterMs: 12_000 });
  });

  it('should fail a 4xx and a redirect without retry, and never follow the redirect', async () => {
    stub.respondWith((request) =>
      request.path === '/refused'
        ? { status: 400, body: { errors: [{ msg: 'bad identity' }] } }
        : { status: 307, body: '', headers: { location: `${stub.url}/elsewhere` } },
    );

    const refused = await sendErrorOf(sut.request({ method: 'POST', url: `${stub.url}/refused` }));
    const redirected = await sendErrorOf(sut.request({ method: 'GET', url: `${stub.url}/moved` }));

    expect(refused.message).toBe(`POST ${stub.url}/refused: HTTP 400 (bad identity)`);
    expect(refused.details).toEqual({ httpStatus: 400, isRetryable: false, retryAfterMs: null });
    expect(redirected.details).toEqual({ httpStatus: 307, isRetryable: false, retryAfterMs: null });
    expect(stub.requests.map((r) => r.path)).toEqual(['/refused', '/moved']);
  });

  it('should fail a 5xx, a timeout and a refused connection as retryable', async () => {
    stub.respondWith((request) =>
      request.path === '/slow' ? { status: 200, delayMs: 600 } : { status: 502, body: 'down' },
    );
    const closed = await StubHttpServer.start();
    const closedUrl = closed.url;
    await closed.stop();

    const failed = await sendErrorOf(sut.request({ method: 'GET', url: `${stub.url}/down` }));
    const slow = await sendErrorOf(
      sut.request({ method: 'GET', url: `${stub.url}/slow`, timeoutMs: 150 }),
    );
    const refused = await sendErrorOf(sut.request({ method: 'GET', url: `${closedUrl}/x` }));

    expect(failed.details).toEqual({ httpStatus: 502, isRetryable: true, retryAfterMs: null });
    expect(slow.message).toBe(`GET ${stub.url}/slow: timed out after 150 ms`);
    expect(slow.details).toEqual({ httpStatus: null, isRetryable: true });
    expect(refused.message).toBe(`GET ${closedUrl}/x: connection failed (ECONNREFUSED)`);
    expect(refused.details).toEqual({ httpStatus: null, isRetryable: true });
  });

  it('should fail an answer over 1 MiB without retry: the platform may have acted on the call', async () => {
    stub.respondWith(() => ({ status: 200, body: 'x'.repeat(1024 * 1024 + 1) }));

    const error = await sendErrorOf(sut.request({ method: 'POST', url: `${stub.url}/big` }));

    expect(error.message).toBe(`POST ${stub.url}/big: response larger than 1048576 bytes`);
    expect(error.details).toEqual({ httpStatus: 200, isRetryable: false });
  });
});
