import { decodeJwt, decodeProtectedHeader } from 'jose';
import { isValidKoreToken, signKoreToken } from 'src/platforms/kore/kore-jwt';
import { signBotkitToken, unsignedBotkitToken } from 'test/factories/kore-botkit-payload.factory';

const credentials = {
  clientId: 'cs-9b1d2e3f-4a5b-5c6d-8e7f-0a1b2c3d4e5f',
  clientSecret: 'kore-secret',
};

describe('kore-jwt', () => {
  it('should sign an HS256 token with appId, subject, a fresh jti and at most an hour of life', async () => {
    const now = new Date('2025-03-03T11:10:00Z');

    const first = await signKoreToken(credentials, 'mira.kaya@example.org', now);
    const second = await signKoreToken(credentials, 'mira.kaya@example.org', now);

    expect(decodeProtectedHeader(first)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwt(first);
    expect(claims).toMatchObject({
      appId: credentials.clientId,
      sub: 'mira.kaya@example.org',
      iat: now.getTime() / 1000,
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBeGreaterThan(0);
    expect(Number(claims.exp) - Number(claims.iat)).toBeLessThanOrEqual(3600);
    expect(claims.jti).not.toBe(decodeJwt(second).jti);
  });

  it('should accept what it signs and what BotKit signs ({appId} only)', async () => {
    expect(await isValidKoreToken(await signKoreToken(credentials, 'x'), credentials)).toBe(true);
    const botkit = await signBotkitToken(credentials.clientSecret, { appId: credentials.clientId });
    expect(await isValidKoreToken(botkit, credentials)).toBe(true);
  });

  it('should refuse a wrong secret, a wrong or missing appId, alg none, another algorithm, expiry and garbage', async () => {
    const appId = credentials.clientId;
    const expired = Math.floor(Date.now() / 1000) - 3600;
    const tokens = [
      await signBotkitToken('other-secret', { appId }),
      await signBotkitToken(credentials.clientSecret, { appId: 'cs-other' }),
      await signBotkitToken(credentials.clientSecret, { appid: appId }),
      unsignedBotkitToken({ appId }),
      await signBotkitToken(credentials.clientSecret, { appId }, 'HS512'),
      await signBotkitToken(credentials.clientSecret, { appId, exp: expired }),
      'not-a-jwt',
      '',
    ];

    for (const token of tokens) {
      expect(await isValidKoreToken(token, credentials)).toBe(false);
    }
    expect(await isValidKoreToken(undefined, credentials)).toBe(false);
  });
});
