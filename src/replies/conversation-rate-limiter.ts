// A sliding window per key: `acquire` resolves once a send fits in the window. In-process; each
// instance keeps its own count.
export class ConversationRateLimiter {
  // Each key keeps its own window: platforms with different limits share one limiter.
  private readonly sent = new Map<string, { windowMs: number; times: number[] }>();

  constructor(private readonly now: () => number = Date.now) {}

  async acquire(key: string, limit: number, windowMs: number): Promise<void> {
    for (;;) {
      const now = this.now();
      const recent = (this.sent.get(key)?.times ?? []).filter((at) => at > now - windowMs);
      if (recent.length < limit) {
        recent.push(now);
        this.sent.set(key, { windowMs, times: recent });
        return;
      }
      this.sent.set(key, { windowMs, times: recent });
      // The oldest send leaves the window first.
      await new Promise((resolve) => setTimeout(resolve, recent[0] + windowMs - now + 1));
    }
  }

  /** Forgets keys with nothing left in their window, so the map does not grow forever. */
  prune(): void {
    const now = this.now();
    for (const [key, { windowMs, times }] of this.sent) {
      if (times.every((at) => at <= now - windowMs)) {
        this.sent.delete(key);
      }
    }
  }
}
