import { jwtVerify, type JWTPayload } from 'jose';

// The `auth` header the gateway sends to Kore's API, checked as Kore checks it: a JWT signed
// with HS256 and the app's client secret.
export async function koreAuthClaims(
  headers: Record<string, unknown>,
  clientSecret: string,
): Promise<JWTPayload> {
  const token = headers.auth;
  expect(typeof token).toBe('string');
  const { payload } = await jwtVerify(String(token), new TextEncoder().encode(clientSecret), {
    algorithms: ['HS256'],
  });
  return payload;
}
