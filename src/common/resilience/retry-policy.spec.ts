import { handleAll } from 'cockatiel';
import { backoffDelayMs, retryPolicy } from 'src/common/resilience/retry-policy';

describe('backoffDelayMs', () => {
  it('doubles from the base, keeps within the upper half of each step and stops at the cap', () => {
    const backoff = { baseMs: 100, maxMs: 1000 };
    for (let i = 0; i < 200; i += 1) {
      const first = backoffDelayMs(1, backoff);
      const third = backoffDelayMs(3, backoff);
      const tenth = backoffDelayMs(10, backoff);
      expect(first).toBeGreaterThanOrEqual(50);
      expect(first).toBeLessThanOrEqual(100);
      expect(third).toBeGreaterThanOrEqual(200);
      expect(third).toBeLessThanOrEqual(400);
      expect(tenth).toBeGreaterThanOrEqual(500);
      expect(tenth).toBeLessThanOrEqual(1000);
    }
  });

  it('takes the wait the other side asked for, within the cap', () => {
    expect(backoffDelayMs(1, { baseMs: 100, maxMs: 1000 }, 700)).toBe(700);
    expect(backoffDelayMs(1, { baseMs: 100, maxMs: 1000 }, 60_000)).toBe(1000);
    expect(backoffDelayMs(1, { baseMs: 100, maxMs: 1000 }, -5)).toBe(0);
  });
});

describe('retryPolicy', () => {
  it('makes maxAttempts attempts in all and asks each failure for its Retry-After', async () => {
    const asked: string[] = [];
    const policy = retryPolicy(handleAll, {
      maxAttempts: 3,
      backoff: { baseMs: 10_000, maxMs: 10_000 },
      retryAfterMsOf: (error) => {
        asked.push((error as Error).message);
        return 1;
      },
    });
    let calls = 0;
    await expect(
      policy.execute(() => {
        calls += 1;
        throw new Error(`attempt ${calls}`);
      }),
    ).rejects.toThrow('attempt 3');
    expect(calls).toBe(3);
    expect(asked).toEqual(['attempt 1', 'attempt 2']);
  });
});
