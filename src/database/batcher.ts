interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export interface BatcherOptions {
  /** Most items in one call. */
  maxBatch: number;
  /** Most calls at once; items handed in meanwhile wait for the next one. */
  maxParallel: number;
}

/** Runs a batch: one result per item, in the items' order. */
export type BatchRunner<I, O> = (items: I[]) => Promise<O[]>;

const DEFAULT_BATCHER_OPTIONS: BatcherOptions = { maxBatch: 256, maxParallel: 2 };

/**
 * Gathers the items handed in during one turn of the event loop, and those handed in while
 * earlier batches run, into one call: concurrent messages share one statement (one round trip,
 * one log flush) instead of paying for one each. A batch that fails is run again one item at a
 * time, so a bad item fails alone and the others still get their results.
 */
export class Batcher<I, O> {
  private readonly waiting: Waiting<I, O>[] = [];
  private running = 0;
  private isFlushScheduled = false;

  constructor(
    private readonly run: BatchRunner<I, O>,
    private readonly options: BatcherOptions = DEFAULT_BATCHER_OPTIONS,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.isFlushScheduled) {
        // The rest of this turn's callers join the same batch.
        this.isFlushScheduled = true;
        setImmediate(() => {
          this.isFlushScheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    while (this.running < this.options.maxParallel && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.running += 1;
      void this.runBatch(batch).finally(() => {
        this.running -= 1;
        this.flush();
      });
    }
  }

  private async runBatch(batch: Waiting<I, O>[]): Promise<void> {
    let results: O[];
    try {
      results = await this.run(batch.map((waiting) => waiting.item));
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      for (const waiting of batch) {
        await this.runBatch([waiting]);
      }
      return;
    }
    batch.forEach((waiting, index) => waiting.resolve(results[index]));
  }
}

/** A batcher for writes: every item of a batch is answered once `write` has run for all of them. */
export function writeBatcher<I>(
  write: (items: I[]) => Promise<void>,
  options?: BatcherOptions,
): Batcher<I, void> {
  return new Batcher<I, void>(async (items: I[]) => {
    await write(items);
    return items.map((): void => undefined);
  }, options);
}
