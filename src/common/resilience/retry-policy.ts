import {
  ConsecutiveBreaker,
  DelegateBackoff,
  type CircuitBreakerPolicy,
  type IRetryBackoffContext,
  type Policy,
  type RetryPolicy,
  circuitBreaker,
  handleAll,
  retry,
} from 'cockatiel';

/** How long to wait before attempt `n + 1`: exponential from `baseMs`, capped at `maxMs`. */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/**
 * The gateway's one backoff formula: exponential, capped, with jitter in its upper half (so a
 * crowd of retries spreads out but none comes back sooner than half its step). A `Retry-After`
 * the other side sent wins, within the same cap.
 */
export function backoffDelayMs(
  attempt: number,
  { baseMs, maxMs }: BackoffOptions,
  retryAfterMs: number | null = null,
): number {
  if (retryAfterMs !== null && Number.isFinite(retryAfterMs)) {
    return Math.min(maxMs, Math.max(0, retryAfterMs));
  }
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + Math.random() * (exponential / 2));
}

export interface RetryPolicyOptions {
  /** Attempts in all, the first one included (1 = no retry). */
  maxAttempts: number;
  backoff: BackoffOptions;
  /** The wait the failed attempt asked for (a `Retry-After` header), if any. */
  retryAfterMsOf?: (error: unknown) => number | null;
}

/**
 * The one way retries are built: `handle` says which failures (errors or results) are retried,
 * `backoffDelayMs` says when.
 */
export function retryPolicy(handle: Policy, options: RetryPolicyOptions): RetryPolicy {
  const { maxAttempts, backoff, retryAfterMsOf } = options;
  return retry(handle, {
    maxAttempts: Math.max(0, maxAttempts - 1),
    backoff: new DelegateBackoff((context: IRetryBackoffContext<unknown>) =>
      backoffDelayMs(
        context.attempt,
        backoff,
        retryAfterMsOf && 'error' in context.result ? retryAfterMsOf(context.result.error) : null,
      ),
    ),
  });
}

/** A breaker that opens after `failures` failures in a row and lets one call through after `openMs`. */
export function consecutiveBreaker(
  openMs: number,
  failures: number,
  handle: Policy = handleAll,
): CircuitBreakerPolicy {
  return circuitBreaker(handle, {
    halfOpenAfter: openMs,
    breaker: new ConsecutiveBreaker(failures),
  });
}
