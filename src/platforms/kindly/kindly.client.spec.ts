import { Logger } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { KindlyClient } from 'src/platforms/kindly/kindly.client';
import { PlatformHttpClient } from 'src/replies/platform-http.client';
import { useStubServer } from 'test/setup/stub-http-server';

const API_KEY = 'kindly-bot-api-key';
const TRANSCRIPT = '/api/v1/chats/abc';

describe(KindlyClient.name, () => {
  const stub = useStubServer();
  const elsewhere = useStubServer();
  let warnings: unknown[][];
  // The stand-in Kindly API: `http://127.0.0.1:<port>`, one of KINDLY_API_ORIGINS.
  let origin: string;
  let port: number;

  const clientWith = (env: Record<string, string> = {}): KindlyClient => {
    const config = AppConfig.fromEnv({
      LOG_LEVEL: 'silent',
      KINDLY_API_KEY: API_KEY,
      KINDLY_API_ORIGINS: `https://bot.kindly.ai, ${origin}`,
      OUTBOUND_TIMEOUT_MS: '10000',
      ...env,
    });
    return new KindlyClient(new PlatformHttpClient(config), config);
  };

  beforeAll(() => {
    origin = stub.url;
    port = Number(new URL(origin).port);
  });

  beforeEach(() => {
    stub.respondWith(() => ({ status: 200, body: { chat: { messages: [] } } }));
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((...args: unknown[]) => {
      warnings.push(args);
    });
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('should fetch an allowed transcript URL once, with the key as a bearer token', async () => {
    const body = await clientWith().fetchTranscript(`${origin}${TRANSCRIPT}?page=2`);

    expect(body).toEqual({ chat: { messages: [] } });
    expect(stub.requests).toHaveLength(1);
    const [received] = stub.requests;
    expect(received).toMatchObject({ method: 'GET', path: `${TRANSCRIPT}?page=2`, body: '' });
    expect(received.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(received.headers.accept).toBe('application/json');
  });

  it('should give up after the short transcript deadline, under OUTBOUND_TIMEOUT_MS', async () => {
    stub.respondWith(() => ({ status: 200, body: {}, delayMs: 700 }));

    const body = await clientWith({ OUTBOUND_TIMEOUT_MS: '200' }).fetchTranscript(
      `${origin}${TRANSCRIPT}`,
    );

    expect(body).toBeNull();
    expect(JSON.stringify(warnings)).toContain('timed out after 200 ms');
  });

  it('should never request a URL whose origin is not allowed', async () => {
    const sut = clientWith();
    const refused = [
      'https://bot.kindly.ai.evil.example/api/v1/chats/abc',
      'https://evil.example/api/v1/chats/abc?u=https://bot.kindly.ai',
      'http://bot.kindly.ai/api/v1/chats/abc',
      'https://bot.kindly.ai:8443/api/v1/chats/abc',
      `https://127.0.0.1:${port}${TRANSCRIPT}`,
      `http://127.0.0.1:${port + 1}${TRANSCRIPT}`,
      `${elsewhere.url}${TRANSCRIPT}`,
      `http://localhost:${port}${TRANSCRIPT}`,
      `http://[::1]:${port}${TRANSCRIPT}`,
      `http://[::ffff:127.0.0.1]:${port}${TRANSCRIPT}`,
      `http://user@127.0.0.1:${port}${TRANSCRIPT}`,
      'https://user:pass@bot.kindly.ai/api/v1/chats/abc',
      `${origin}@evil.example/api/v1/chats/abc`,
      'file:///etc/passwd',
      'ftp://bot.kindly.ai/chats',
      'javascript:alert(1)',
      '//bot.kindly.ai/api/v1/chats/abc',
      '/api/v1/chats/abc',
      '',
    ];

    for (const url of refused) {
      expect(await sut.fetchTranscript(url)).toBeNull();
    }
    expect(stub.requests).toEqual([]);
    expect(elsewhere.requests).toEqual([]);
  });

  it('should not fetch anything without an API key', async () => {
    const sut = clientWith({ KINDLY_API_KEY: '' });

    expect(await sut.fetchTranscript(`${origin}${TRANSCRIPT}`)).toBeNull();
    expect(stub.requests).toEqual([]);
  });

  it('should answer null when the fetch fails, and never follow a redirect', async () => {
    const sut = clientWith();
    stub.respondWith((request) =>
      request.path === '/moved'
        ? { status: 302, body: '', headers: { location: `${elsewhere.url}${TRANSCRIPT}` } }
        : { isDropped: true },
    );

    expect(await sut.fetchTranscript(`${origin}/moved`)).toBeNull();
    expect(await sut.fetchTranscript(`${origin}${TRANSCRIPT}`)).toBeNull();

    expect(stub.requests.map((request) => request.path)).toEqual(['/moved', TRANSCRIPT]);
    expect(elsewhere.requests).toEqual([]);
    expect(warnings.map(([fields]) => fields)).toEqual([
      { reason: `GET ${origin}/moved: HTTP 302`, httpStatus: 302 },
      { reason: `GET ${origin}${TRANSCRIPT}: connection failed (ECONNRESET)`, httpStatus: null },
    ]);
  });

  it('should log refused and failed fetches without the query, the credentials or the key', async () => {
    stub.respondWith(() => ({ status: 500, body: {} }));
    const sut = clientWith();

    await sut.fetchTranscript('https://user:hunter2@evil.example/chats/abc?token=q-secret');
    await sut.fetchTranscript(`${origin}${TRANSCRIPT}?token=q-secret`);

    const logged = JSON.stringify(warnings);
    expect(warnings).toHaveLength(2);
    expect(logged).toContain('https://evil.example');
    expect(logged).toContain('HTTP 500');
    for (const secret of ['q-secret', 'hunter2', 'user:', API_KEY]) {
      expect(logged).not.toContain(secret);
    }
  });
});
