import type { HistoryLine } from 'src/core/inbound-message';
import { MessageHistory } from 'src/messages/message-history.entity';
import { MessageHistoryRepository } from 'src/messages/message-history.repository';
import { buildInboundMessage } from 'test/factories/inbound-message.factory';
import { insertWebhookMessage } from 'test/factories/webhook-message.factory';
import { testDatabaseKinds, useMigratedDataSource } from 'test/setup/test-database';

describe.each(testDatabaseKinds())('MessageHistoryRepository on %s', (kind) => {
  const db = useMigratedDataSource(kind);

  const lineAt = (minute: number, content: string): HistoryLine => ({
    sender: 'Ayşe',
    content,
    sentAt: new Date(Date.UTC(2025, 2, 3, 10, minute)),
    type: 'text',
  });

  // Messages asking in the same turn share one statement: each gets its own conversation's last 50
  // lines before it, oldest first, without its own line.
  it('should give each message of a batch the last 50 lines of its own conversation, oldest first', async () => {
    const sut = new MessageHistoryRepository(db.dataSource.getRepository(MessageHistory));
    const long = buildInboundMessage({
      externalId: 'wamid.long',
      conversationId: '905550000001',
      text: 'Siparişim nerede? 🚲',
      sentAt: new Date(Date.UTC(2025, 2, 3, 11, 0)),
      history: Array.from({ length: 53 }, (_, index) => lineAt(index, `line ${index}`)),
    });
    const short = buildInboundMessage({
      externalId: 'wamid.short',
      conversationId: '905550000002',
      text: "'; DROP TABLE message_history; --",
      history: [lineAt(1, 'Merhaba'), lineAt(2, 'Kargo ne zaman gelir?')],
    });
    const stored = [
      {
        message: long,
        messageId: (await insertWebhookMessage(db.dataSource, { externalId: long.externalId })).id,
      },
      {
        message: short,
        messageId: (await insertWebhookMessage(db.dataSource, { externalId: short.externalId })).id,
      },
    ];
    await sut.insertLines(db.dataSource.manager, stored);

    const [longHistory, shortHistory, noHistory] = await Promise.all([
      sut.findBefore(long),
      sut.findBefore(short),
      sut.findBefore(buildInboundMessage({ conversationId: '905550000003' })),
    ]);

    expect(longHistory.map((line) => line.content)).toEqual(
      Array.from({ length: 50 }, (_, index) => `line ${index + 3}`),
    );
    expect(longHistory[0]).toEqual(lineAt(3, 'line 3'));
    expect(shortHistory).toEqual([lineAt(1, 'Merhaba'), lineAt(2, 'Kargo ne zaman gelir?')]);
    expect(noHistory).toEqual([]);
  });
});
