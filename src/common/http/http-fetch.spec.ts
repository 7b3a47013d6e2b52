import { httpFetch } from 'src/common/http/http-fetch';
import { HttpRequestError } from 'src/common/http/http-request.error';
import { rejectionOf } from 'test/setup/rejection-of';
import { useStubServer } from 'test/setup/stub-http-server';

// Against a stand-in HTTP server on loopback, as the OpenAI client uses it.
describe('httpFetch', () => {
  const stub = useStubServer();
  const sut = httpFetch(1024);

  it('should send the method, headers and body and hand back status, headers and JSON', async () => {
    stub.respondWith(() => ({
      status: 201,
      body: { id: 'chatcmpl-1', text: 'Merhaba 👋' },
      headers: { 'x-request-id': 'req-7' },
    }));

    const answer = await sut(`${stub.url}/v1/chat/completions`, {
      method: 'POST',
      headers: new Headers({ 'content-type': 'application/json', authorization: 'Bearer sk-t' }),
      body: JSON.stringify({ model: 'm' }),
    });

    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      json: { model: 'm' },
    });
    expect(stub.requests[0].headers.authorization).toBe('Bearer sk-t');
    expect(answer.status).toBe(201);
    expect(answer.ok).toBe(true);
    expect(answer.url).toBe(`${stub.url}/v1/chat/completions`);
    expect(answer.headers.get('X-Request-Id')).toBe('req-7');
    expect(answer.headers.get('retry-after')).toBeNull();
    expect(new Map(answer.headers.entries()).get('content-type')).toBe('application/json');
    expect(await answer.json()).toEqual({ id: 'chatcmpl-1', text: 'Merhaba 👋' });
  });

  it('should hand back an error status as an answer, not a rejection', async () => {
    stub.respondWith(() => ({ status: 429, body: 'slow down', headers: { 'retry-after': '2' } }));

    const answer = await sut(new URL(`${stub.url}/x`));

    expect(answer.ok).toBe(false);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('2');
    expect(await answer.text()).toBe('slow down');
    await rejectionOf(answer.json(), SyntaxError);
  });

  it('should end with an AbortError of this realm when the signal ends the call', async () => {
    stub.respondWith(() => ({ status: 200, body: {}, delayMs: 400 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);

    const error = await rejectionOf(sut(`${stub.url}/slow`, { signal: controller.signal }), Error);

    expect(error.name).toBe('AbortError');
  });

  it('should refuse an answer larger than its bound', async () => {
    stub.respondWith(() => ({ status: 200, body: 'x'.repeat(4096) }));

    const error = await rejectionOf(sut(`${stub.url}/big`), HttpRequestError);

    expect(error.code).toBe('ERESPONSETOOLARGE');
  });
});
