// The one polling helper of the tests: every wait either sees its condition or throws. A wait that
// returns quietly on timeout lets the assertions after it pass or fail for the wrong reason.

export interface WaitOptions {
  timeoutMs?: number;
  // Time between two reads; longer for expensive reads (a process start, a page).
  intervalMs?: number;
}

// What is awaited, for the timeout error; a function is called only then (e.g. to attach logs).
export type WaitDescription = string | (() => string | Promise<string>);

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_INTERVAL_MS = 25;

// Polls `read` until `isDone` holds and answers that value; on timeout the error shows the last
// value read. `options` may be a timeout in ms (the older form).
export async function waitFor<T>(
  read: () => Promise<T> | T,
  isDone: (value: T) => boolean,
  what: WaitDescription,
  options: WaitOptions | number = {},
): Promise<T> {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, intervalMs = DEFAULT_INTERVAL_MS } =
    typeof options === 'number' ? { timeoutMs: options } : options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isDone(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      const description = typeof what === 'string' ? what : await what();
      throw new Error(
        `gave up waiting for ${description} after ${timeoutMs} ms; last seen: ${JSON.stringify(value)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

// The predicate-only form: polls `condition` until it holds, throws on timeout.
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: WaitDescription,
  options: WaitOptions | number = {},
): Promise<void> {
  await waitFor(condition, (isMet) => isMet, what, options);
}
