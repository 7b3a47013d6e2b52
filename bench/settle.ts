import type { BenchEnvironment } from 'bench/bench-environment';
import { sleep } from 'bench/gateway';

// Statuses a message leaves on its own; `failed` waits for a retry, and `done` and `dead` are final.
const IN_PROGRESS = ['received', 'analyzed', 'routed', 'replied'];
const POLL_MS = 500;

/**
 * Waits until the gateway has finished what a warm-up left in it (autocannon drops its
 * connections at the end of a run; the gateway still works through their requests): no message
 * in progress, no stand-in call open, and nothing changed over one poll. False after `timeoutMs`,
 * for the caller to say so.
 */
export async function waitUntilSettled(
  env: BenchEnvironment,
  database: string,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const [activity, counts] = await Promise.all([
      env.standInActivity(),
      env.db.statusCounts(database, 0),
    ]);
    const inProgress = IN_PROGRESS.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
    const snapshot = JSON.stringify([activity.calls, counts]);
    if (inProgress === 0 && activity.open === 0 && snapshot === last) {
      return true;
    }
    last = snapshot;
    await sleep(POLL_MS);
  }
  return false;
}
