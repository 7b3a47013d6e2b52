import {
  type CircuitBreakerPolicy,
  handleWhen,
  type IPolicy,
  type RetryPolicy,
  wrap,
} from 'cockatiel';
import { consecutiveBreaker, retryPolicy } from 'src/common/resilience/retry-policy';
import { isRetryableSendError, PlatformSendError } from 'src/replies/platform-send.error';

const BASE_BACKOFF_MS = 500;
const BREAKER_FAILURES = 10;
/** How long an open breaker refuses sends to its platform. */
export const BREAKER_OPEN_MS = 30_000;

export interface OutboundSendPolicyOptions {
  maxAttempts: number;
  maxBackoffMs: number;
  /** Told of each platform's breaker when it is made (for the circuit gauge). */
  onBreaker?: (platform: string, breaker: CircuitBreakerPolicy) => void;
}

/**
 * How a send is tried: retries with backoff and jitter (honouring the platform's `Retry-After`)
 * inside one circuit breaker per platform, so a failing platform API does not slow the others.
 */
export class OutboundSendPolicy {
  private readonly retries: RetryPolicy;
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();

  constructor(private readonly options: OutboundSendPolicyOptions) {
    this.retries = retryPolicy(handleWhen(isRetryableSendError), {
      maxAttempts: options.maxAttempts,
      backoff: { baseMs: BASE_BACKOFF_MS, maxMs: options.maxBackoffMs },
      retryAfterMsOf: (error) =>
        error instanceof PlatformSendError ? (error.details.retryAfterMs ?? null) : null,
    });
  }

  forPlatform(platform: string): IPolicy {
    return wrap(this.retries, this.breakerFor(platform));
  }

  private breakerFor(platform: string): CircuitBreakerPolicy {
    const known = this.breakers.get(platform);
    if (known) {
      return known;
    }
    const breaker = consecutiveBreaker(
      BREAKER_OPEN_MS,
      BREAKER_FAILURES,
      handleWhen(isRetryableSendError),
    );
    this.breakers.set(platform, breaker);
    this.options.onBreaker?.(platform, breaker);
    return breaker;
  }
}
