import { createHash, timingSafeEqual } from 'node:crypto';

// Hashed first, so timing leaks neither how much of the secrets matched nor their length.
export function constantTimeEqual(given: string | Buffer, expected: string | Buffer): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
