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

/**
 * Group commit: items handed in while transactions are running are gathered and written together
 * in the next one, so concurrent requests share one commit (one log flush) instead of paying for
 * one each, and each caller is answered only after the commit holding its item. A batch that
 * fails is written again one item per transaction, so a bad item fails alone.
 */
export class GroupCommit<I, O> {
  private readonly waiting: Waiting<I, O>[] = [];
  private running = 0;
  private isFlushScheduled = false;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly write: (manager: EntityManager, item: I) => Promise<O>,
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
      results = await this.transactions.run(async (manager) => {
        const written: O[] = [];
        for (const { item } of batch) {
          written.push(await this.write(manager, item));
        }
        return written;
      });
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
