import { Logger } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { KindlyClient } from 'src/platforms/kindly/kindly.client';
import type { PlatformHttpClient, PlatformHttpRequest } from 'src/replies/platform-http.client';
import { PlatformSendError } from 'src/replies/platform-send.error';

const API_KEY = 'kindly-bot-api-key';

function clientWith(
  env: Record<string, string>,
  answer: () => Promise<unknown> = () => Promise.resolve({ chat: { messages: [] } }),
): { sut: KindlyClient; requests: PlatformHttpRequest[] } {
  const requests: PlatformHttpRequest[] = [];
  const http = {
    request: async (request: PlatformHttpRequest) => {
      requests.push(request);
      return { status: 200, body: await answer() };
    },
  } as unknown as PlatformHttpClient;
  const config = AppConfig.fromEnv({ LOG_LEVEL: 'silent', ...env });
  return { sut: new KindlyClient(http, config), requests };
}

describe(KindlyClient.name, () => {
  let warnings: unknown[][];

  beforeEach(() => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((...args: unknown[]) => {
      warnings.push(args);
    });
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  const env = {
    KINDLY_API_KEY: API_KEY,
    KINDLY_API_ORIGINS: 'https://bot.kindly.ai, http://127.0.0.1:8811',
    OUTBOUND_TIMEOUT_MS: '10000',
  };

  it('should fetch an allowed transcript URL once, with the key as a bearer token and a short deadline', async () => {
    const { sut, requests } = clientWith(env);

    const body = await sut.fetchTranscript('https://bot.kindly.ai/api/v1/chats/abc');

    expect(body).toEqual({ chat: { messages: [] } });
    expect(requests).toEqual([
      {
        method: 'GET',
        url: 'https://bot.kindly.ai/api/v1/chats/abc',
        headers: { authorization: `Bearer ${API_KEY}` },
        timeoutMs: 3000,
      },
    ]);
  });

  it('should keep the deadline under OUTBOUND_TIMEOUT_MS when that is shorter', async () => {
    const { sut, requests } = clientWith({ ...env, OUTBOUND_TIMEOUT_MS: '500' });

    await sut.fetchTranscript('http://127.0.0.1:8811/api/v1/chats/abc');

    expect(requests[0].timeoutMs).toBe(500);
  });

  it('should never request a URL whose origin is not allowed', async () => {
    const { sut, requests } = clientWith(env);
    const refused = [
      'https://bot.kindly.ai.evil.example/api/v1/chats/abc',
      'https://evil.example/api/v1/chats/abc?u=https://bot.kindly.ai',
      'http://bot.kindly.ai/api/v1/chats/abc',
      'https://bot.kindly.ai:8443/api/v1/chats/abc',
      'https://127.0.0.1:8811/api/v1/chats/abc',
      'http://127.0.0.1:8812/api/v1/chats/abc',
      'http://localhost:8811/api/v1/chats/abc',
      'http://[::1]:8811/api/v1/chats/abc',
      'http://[::ffff:127.0.0.1]:8811/api/v1/chats/abc',
      'http://user@127.0.0.1:8811/api/v1/chats/abc',
      'https://user:pass@bot.kindly.ai/api/v1/chats/abc',
      'https://bot.kindly.ai@evil.example/api/v1/chats/abc',
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
    expect(requests).toEqual([]);
  });

  it('should not fetch anything without an API key', async () => {
    const { sut, requests } = clientWith({ ...env, KINDLY_API_KEY: '' });

    expect(await sut.fetchTranscript('https://bot.kindly.ai/api/v1/chats/abc')).toBeNull();
    expect(requests).toEqual([]);
  });

  it('should answer null when the fetch fails, a redirect included', async () => {
    for (const failure of [
      new PlatformSendError('GET https://bot.kindly.ai/api/v1/chats/abc: HTTP 302', {
        httpStatus: 302,
        isRetryable: false,
      }),
      new Error('socket hang up'),
    ]) {
      const { sut } = clientWith(env, () => Promise.reject(failure));

      expect(await sut.fetchTranscript('https://bot.kindly.ai/api/v1/chats/abc')).toBeNull();
    }
    expect(warnings).toHaveLength(2);
  });

  it('should log refused and failed fetches without the query, the credentials or the key', async () => {
    const { sut } = clientWith(env, () =>
      Promise.reject(
        new PlatformSendError('GET https://bot.kindly.ai/api/v1/chats/abc: HTTP 500', {
          httpStatus: 500,
          isRetryable: true,
        }),
      ),
    );

    await sut.fetchTranscript('https://user:hunter2@evil.example/chats/abc?token=q-secret');
    await sut.fetchTranscript('https://bot.kindly.ai/api/v1/chats/abc?token=q-secret');

    const logged = JSON.stringify(warnings);
    expect(warnings).toHaveLength(2);
    expect(logged).toContain('https://evil.example');
    expect(logged).toContain('HTTP 500');
    for (const secret of ['q-secret', 'hunter2', 'user:', API_KEY]) {
      expect(logged).not.toContain(secret);
    }
  });
});
