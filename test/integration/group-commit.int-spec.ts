import type { EntityManager } from 'typeorm';
import { ImportantCustomer } from 'src/analysis/important-customer.entity';
import { type BatchWriter, GroupCommit } from 'src/database/group-commit';
import { TransactionRunner } from 'src/database/transaction-runner';
import { testDatabaseKinds, useMigratedDataSource } from 'test/setup/test-database';

// Counts the transactions it runs.
class CountingTransactionRunner extends TransactionRunner {
  transactions = 0;

  override run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    this.transactions += 1;
    return super.run(work);
  }
}

// Writes the items of a batch one after the other.
function eachItem<I, O>(write: (manager: EntityManager, item: I) => Promise<O>): BatchWriter<I, O> {
  return async (manager, items) => {
    const written: O[] = [];
    for (const item of items) {
      written.push(await write(manager, item));
    }
    return written;
  };
}

describe.each(testDatabaseKinds())('GroupCommit on %s', (kind) => {
  const db = useMigratedDataSource(kind);
  let runner: CountingTransactionRunner;

  const insertCustomer = async (manager: EntityManager, name: string): Promise<number> => {
    const result = await manager.insert(ImportantCustomer, {
      platformUserId: name,
      name,
      priorityBoost: 2,
      isActive: true,
      phoneNumber: null,
      createdAt: new Date(),
    });
    return (result.identifiers[0] as { id: number }).id;
  };
  const storedNames = async (): Promise<string[]> =>
    (await db.dataSource.getRepository(ImportantCustomer).find({ order: { name: 'ASC' } })).map(
      (row) => row.name,
    );

  beforeEach(() => {
    runner = new CountingTransactionRunner(db.dataSource);
  });

  it('should write items handed in together in fewer transactions and answer each with its own result', async () => {
    const sut = new GroupCommit(runner, eachItem(insertCustomer), { maxBatch: 10, maxParallel: 2 });
    const names = Array.from({ length: 30 }, (_, i) => `user-${String(i).padStart(2, '0')}`);

    const ids = await Promise.all(names.map((name) => sut.submit(name)));

    expect(new Set(ids).size).toBe(30);
    expect(await storedNames()).toEqual(names);
    const rows = await db.dataSource.getRepository(ImportantCustomer).find();
    expect(ids.map((id) => rows.find((row) => row.id === id)?.name)).toEqual(names);
    // 30 items, at most 10 a batch: 3 transactions, however they were spread.
    expect(runner.transactions).toBe(3);
  });

  it('should fail only the bad item of a batch and still store the others', async () => {
    const sut = new GroupCommit(runner, eachItem(insertCustomer), { maxBatch: 10, maxParallel: 1 });

    const results = await Promise.allSettled(
      ['a', 'b', 'same', 'c', 'same', 'd'].map((name) => sut.submit(name)),
    );

    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(await storedNames()).toEqual(['a', 'b', 'c', 'd', 'same']);
    // The batch failed as a whole, then each item got its own transaction.
    expect(runner.transactions).toBe(7);
  });
});
