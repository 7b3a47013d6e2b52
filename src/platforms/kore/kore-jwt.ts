import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

// Kore.ai's app credentials: the client id goes in the `appId` claim, the client secret signs.
export interface KoreAppCredentials {
  clientId: string;
  clientSecret: string;
}

// Kore rejects a token carrying `jti` whose `exp` is more than an hour after `iat`.
const TOKEN_LIFETIME_SECONDS = 5 * 60;
const CLOCK_TOLERANCE_SECONDS = 30;

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/**
 * The `auth` header Kore.ai's APIs (proactive notify, BotKit send URLs) expect: HS256 with the
 * client secret, `appId` = client id. A fresh `jti` per call keeps Kore's replay check happy.
 */
export function signKoreToken(
  credentials: KoreAppCredentials,
  subject: string,
  now = new Date(),
): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ appId: credentials.clientId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + TOKEN_LIFETIME_SECONDS)
    .setJti(randomUUID())
    .sign(keyOf(credentials.clientSecret));
}

/**
 * Whether `token` is the BotKit `token` header Kore.ai signs for our app: HS256 only (never
 * `none` or another algorithm), signed with the client secret, `appId` equal to the client id,
 * and not expired when it says when it expires (BotKit tokens often carry no `exp`).
 */
export async function isValidKoreToken(
  token: string | undefined,
  credentials: KoreAppCredentials,
): Promise<boolean> {
  if (!token) {
    return false;
  }
  try {
    const { payload } = await jwtVerify(token, keyOf(credentials.clientSecret), {
      algorithms: ['HS256'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
    return payload.appId === credentials.clientId;
  } catch {
    return false;
  }
}
