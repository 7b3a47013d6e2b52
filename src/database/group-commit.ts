import type { EntityManager } from 'typeorm';
import { Batcher, type BatcherOptions } from 'src/database/batcher';
import type { TransactionRunner } from 'src/database/transaction-runner';

export type GroupCommitOptions = BatcherOptions;

/** Writes a batch in one transaction: one result per item, in the items' order. */
export type BatchWriter<I, O> = (manager: EntityManager, items: I[]) => Promise<O[]>;

/**
 * Group commit: items handed in while transactions are running are gathered and written together
 * in the next one (by one writer call, so it can use multi-row statements); concurrent requests
 * share one commit (one log flush) instead of paying for one each, and each caller is answered
 * only after the commit holding its item. A batch that fails is written again one item per
 * transaction, so a bad item fails alone (see `Batcher`).
 */
export class GroupCommit<I, O> {
  private readonly batcher: Batcher<I, O>;

  constructor(
    transactions: TransactionRunner,
    write: BatchWriter<I, O>,
    options: GroupCommitOptions,
  ) {
    this.batcher = new Batcher(
      (items) => transactions.run((manager) => write(manager, items)),
      options,
    );
  }

  submit(item: I): Promise<O> {
    return this.batcher.submit(item);
  }
}
