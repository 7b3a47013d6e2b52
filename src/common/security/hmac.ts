import { createHmac } from 'node:crypto';
import { constantTimeEqual } from 'src/common/security/constant-time-equal';

/** HMAC-SHA256 of the exact bytes received, in the encoding the platform sends it. */
export function hmacSha256(secret: string, body: Buffer, encoding: 'hex' | 'base64'): string {
  return createHmac('sha256', secret).update(body).digest(encoding);
}

/** Whether `given` is the HMAC-SHA256 of `body` under `secret`, compared in constant time. */
export function isValidHmacSha256(
  secret: string,
  body: Buffer | undefined,
  given: string | undefined,
  encoding: 'hex' | 'base64',
): boolean {
  if (body === undefined || given === undefined || given === '') {
    return false;
  }
  return constantTimeEqual(given, hmacSha256(secret, body, encoding));
}
