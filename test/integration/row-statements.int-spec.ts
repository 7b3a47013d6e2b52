import { RowStatements } from 'src/database/row-statements';
import { AgentRouting, RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import { insertWebhookMessage } from 'test/factories/webhook-message.factory';
import { testDatabaseKinds, useMigratedDataSource } from 'test/setup/test-database';

describe.each(testDatabaseKinds())('RowStatements on %s', (kind) => {
  const db = useMigratedDataSource(kind);

  // Concurrent batches of child rows and of updates of their parents lock the parents in the same
  // (ascending) order: a batch is written in its parent key's order, rows of one parent in theirs.
  it('should write a batch in ascending parent order, keeping the order of rows of the same parent', async () => {
    const [first, second, third] = [
      await insertWebhookMessage(db.dataSource, { externalId: 'wamid.row-1' }),
      await insertWebhookMessage(db.dataSource, { externalId: 'wamid.row-2' }),
      await insertWebhookMessage(db.dataSource, { externalId: 'wamid.row-3' }),
    ];
    const sut = new RowStatements(
      db.dataSource.manager,
      AgentRouting,
      ['messageId', 'agent', 'url', 'attempt', 'isFallback', 'status', 'latencyMs', 'createdAt'],
      { parentKey: 'messageId' },
    );
    const attempt = (messageId: number, number: number): Partial<AgentRouting> => ({
      messageId,
      agent: 'general_purpose',
      url: 'http://127.0.0.1:9/process',
      attempt: number,
      isFallback: false,
      status: RoutingAttemptStatus.Failed,
      latencyMs: 5,
      createdAt: new Date(),
    });

    await sut.insertAll([
      attempt(third.id, 1),
      attempt(first.id, 1),
      attempt(third.id, 2),
      attempt(second.id, 1),
      attempt(third.id, 3),
    ]);

    const rows = await db.dataSource.getRepository(AgentRouting).find({ order: { id: 'ASC' } });
    expect(rows.map((row) => [row.messageId, row.attempt])).toEqual([
      [first.id, 1],
      [second.id, 1],
      [third.id, 1],
      [third.id, 2],
      [third.id, 3],
    ]);
  });
});
