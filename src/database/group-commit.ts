import type { EntityManager } from 'typeorm';
import type { TransactionRunner } from 'src/database/transaction-runner';

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** Most items in one transaction. */
  maxBatch: number;
  /** Most transactions at once; items handed in meanwhile wait for the next one. */
  maxParallel: number;
}

/** Writes a batch in one transaction: one result per item, in the items' order. */
export type BatchWriter<I, O> = (manager: EntityManager, items: I[]) => Promise<O[]>;

/** A batch writer that writes the items one after the other. */
export function eachItem<I, O>(
  write: (manager: EntityManager, item: I) => Promise<O>,
): BatchWriter<I, O> {
  return async (manager, items) => {
    const written: O[] = [];
    for (const item of items) {
      written.push(await write(manager, item));
    }
    return written;
  };
}

/**
 * Group commit: items handed in while transactions are running are gathered and written together
 * in the next one (by one writer call, so it can use multi-row statements), and concurrent
 * requests share one commit (one log flush) instead of paying for one each; each caller is
 * answered only after the commit holding its item. A batch that fails is written again one item
 * per transaction, so a bad item fails alone.
 */
export class GroupCommit<I, O> {
  private readonly waiting: Waiting<I, O>[] = [];
  private running = 0;
  private isFlushScheduled = false;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly write: BatchWriter<I, O>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.isFlushScheduled) {
        // The rest of this tick's requests join the same batch.
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
      void this.commit(batch).finally(() => {
        this.running -= 1;
        this.flush();
      });
    }
  }

  private async commit(batch: Waiting<I, O>[]): Promise<void> {
    let results: O[];
    try {
      results = await this.transactions.run((manager) =>
        this.write(
          manager,
          batch.map((waiting) => waiting.item),
        ),
      );
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      for (const waiting of batch) {
        await this.commit([waiting]);
      }
      return;
    }
    batch.forEach((waiting, index) => waiting.resolve(results[index]));
  }
}
