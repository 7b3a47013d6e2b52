const BUCKET_MS = 250;

/** Webhook messages stored per second, over the last quarter to half second. */
export class IntakeRate {
  private bucketStart = 0;
  private current = 0;
  private previous = 0;

  mark(now = Date.now()): void {
    this.roll(now);
    this.current += 1;
  }

  perSecond(now = Date.now()): number {
    this.roll(now);
    const elapsed = BUCKET_MS + (now - this.bucketStart);
    return ((this.previous + this.current) * 1000) / elapsed;
  }

  private roll(now: number): void {
    const elapsed = now - this.bucketStart;
    if (elapsed < BUCKET_MS) {
      return;
    }
    this.previous = elapsed < 2 * BUCKET_MS ? this.current : 0;
    this.current = 0;
    this.bucketStart = now - (elapsed % BUCKET_MS);
  }
}
