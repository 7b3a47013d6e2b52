import { hash } from 'node:crypto';
import type { HistoryLine } from 'src/core/inbound-message';

// Hashes what a line says, so the same line delivered twice is stored once. One-shot `hash`:
// the same digest as `createHash('sha256')`, without a Hash object per line.
export function historyLineHash(line: HistoryLine): string {
  return hash(
    'sha256',
    JSON.stringify([line.sender, line.content, line.sentAt?.toISOString() ?? '', line.type]),
    'hex',
  );
}
