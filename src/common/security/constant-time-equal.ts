import { hash, timingSafeEqual } from 'node:crypto';

// Hashed first, so timing leaks neither how much of the secrets matched nor their length.
// One-shot `hash`: the same digests as `createHash('sha256')`, without two Hash objects a call.
export function constantTimeEqual(given: string | Buffer, expected: string | Buffer): boolean {
  return timingSafeEqual(hash('sha256', given, 'buffer'), hash('sha256', expected, 'buffer'));
}
