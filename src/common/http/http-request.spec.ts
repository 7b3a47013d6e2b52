import { httpRequest, type HttpCall } from 'src/common/http/http-request';
import { HttpFailure, HttpRequestError } from 'src/common/http/http-request.error';
import { rejectionOf } from 'test/setup/rejection-of';
import { StubHttpServer, useStubServer } from 'test/setup/stub-http-server';

describe('httpRequest', () => {
  const stub = useStubServer();
  const elsewhere = useStubServer();

  const call = (overrides: Partial<HttpCall> = {}): HttpCall => ({
    method: 'POST',
    url: `${stub.url}/process?x=1`,
    headers: { 'content-type': 'application/json', 'x-request-id': 'req-1' },
    body: '{"text":"Zincir koptu 🚲"}',
    timeoutMs: 2000,
    maxResponseBytes: 1024,
    ...overrides,
  });

  const failureOf = (promise: Promise<unknown>): Promise<HttpRequestError> =>
    rejectionOf(promise, HttpRequestError);

  it('should send the method, headers and body once and hand back status, headers and text', async () => {
    stub.respondWith(() => ({ status: 201, body: { id: 'a' }, headers: { 'x-answer': 'yes' } }));

    const answer = await httpRequest(call());

    expect(answer.status).toBe(201);
    expect(answer.headers['x-answer']).toBe('yes');
    expect(answer.text).toBe('{"id":"a"}');
    expect(stub.requests).toHaveLength(1);
    const [received] = stub.requests;
    expect(received.method).toBe('POST');
    expect(received.path).toBe('/process?x=1');
    expect(received.headers['x-request-id']).toBe('req-1');
    expect(received.headers['content-length']).toBe(
      String(Buffer.byteLength('{"text":"Zincir koptu 🚲"}')),
    );
    expect(received.json).toEqual({ text: 'Zincir koptu 🚲' });
  });

  it('should hand back a 5xx and its Retry-After as an answer, not an error', async () => {
    stub.respondWith(() => ({ status: 503, body: 'busy', headers: { 'retry-after': '7' } }));

    const answer = await httpRequest(call({ method: 'GET', body: undefined }));

    expect(answer).toMatchObject({ status: 503, text: 'busy' });
    expect(answer.headers['retry-after']).toBe('7');
    expect(stub.requests[0].method).toBe('GET');
  });

  it('should not follow a redirect: the 3xx is the answer and its target gets no request', async () => {
    stub.respondWith(() => ({
      status: 302,
      body: '',
      headers: { location: `${elsewhere.url}/steal` },
    }));

    const answer = await httpRequest(call({ headers: { authorization: 'Bearer secret' } }));

    expect(answer.status).toBe(302);
    expect(answer.headers.location).toBe(`${elsewhere.url}/steal`);
    expect(stub.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('should end a call that outlives its deadline as a timeout', async () => {
    stub.respondWith(() => ({ status: 200, body: {}, delayMs: 500 }));

    const error = await failureOf(httpRequest(call({ timeoutMs: 100 })));

    expect(error).toMatchObject({
      failure: HttpFailure.Timeout,
      code: 'ETIMEDOUT',
      message: 'timed out after 100 ms',
      httpStatus: null,
    });
  });

  it('should stop reading an answer bigger than the bound and report its status', async () => {
    stub.respondWith(() => ({ status: 200, body: 'x'.repeat(1025) }));

    const error = await failureOf(httpRequest(call()));

    expect(error).toMatchObject({
      failure: HttpFailure.ResponseTooLarge,
      message: 'response larger than 1024 bytes',
      httpStatus: 200,
    });
  });

  it('should take an answer of exactly the bound', async () => {
    stub.respondWith(() => ({ status: 200, body: 'x'.repeat(1024) }));

    const answer = await httpRequest(call());

    expect(answer.text).toHaveLength(1024);
  });

  it('should report a dropped connection as ECONNRESET and a refused one as ECONNREFUSED', async () => {
    stub.respondWith(() => ({ isDropped: true }));
    const closed = await StubHttpServer.start();
    const closedUrl = closed.url;
    await closed.stop();

    const dropped = await failureOf(httpRequest(call()));
    const refused = await failureOf(httpRequest(call({ url: `${closedUrl}/process` })));

    expect(dropped).toMatchObject({
      failure: HttpFailure.Connection,
      code: 'ECONNRESET',
      message: 'connection failed (ECONNRESET)',
    });
    expect(refused).toMatchObject({
      failure: HttpFailure.Connection,
      code: 'ECONNREFUSED',
      message: 'connection failed (ECONNREFUSED)',
    });
  });

  it('should refuse a URL it cannot read without any request', async () => {
    const error = await failureOf(httpRequest(call({ url: 'not a url' })));

    expect(error).toMatchObject({ failure: HttpFailure.Connection, code: 'ERR_INVALID_URL' });
  });

  it('should send credentials of the URL as Basic authentication, not in the request line', async () => {
    await httpRequest(call({ url: stub.url.replace('http://', 'http://us%40er:s3cret@') }));

    expect(stub.requests[0].path).toBe('/');
    expect(stub.requests[0].headers.authorization).toBe(
      `Basic ${Buffer.from('us@er:s3cret').toString('base64')}`,
    );
  });

  it("should reject with the caller's reason when the caller cancels", async () => {
    stub.respondWith(() => ({ status: 200, body: {}, delayMs: 500 }));
    const controller = new AbortController();
    const reason = new Error('shutting down');

    const pending = httpRequest(call({ signal: controller.signal }));
    controller.abort(reason);

    await expect(pending).rejects.toBe(reason);
  });
});
