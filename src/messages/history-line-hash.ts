import { createHash } from 'node:crypto';
import type { HistoryLine } from 'src/core/inbound-message';

// Hashes what a line says, so the same line delivered twice is stored once.
export function historyLineHash(line: HistoryLine): string {
  return createHash('sha256')
    .update(
      JSON.stringify([line.sender, line.content, line.sentAt?.toISOString() ?? '', line.type]),
    )
    .digest('hex');
}
