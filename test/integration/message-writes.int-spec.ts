import { MessageRepository } from 'src/messages/message.repository';
import { WebhookMessage } from 'src/messages/webhook-message.entity';
import { MessageStatus } from 'src/core/message-status';
import { OutboundKind, OutboundStatus } from 'src/core/outbound-status';
import { OutboundMessage } from 'src/replies/outbound-message.entity';
import { OutboundMessageRepository } from 'src/replies/outbound-message.repository';
import { insertWebhookMessage } from 'test/factories/webhook-message.factory';
import { testDatabaseKinds, useMigratedDataSource } from 'test/setup/test-database';

// The pipeline's batched writes: what concurrent messages hand in during one turn of the event
// loop goes out together, and each message's row ends up as if it had been written alone.
describe.each(testDatabaseKinds())('batched message writes on %s', (kind) => {
  const db = useMigratedDataSource(kind);

  it('should give each message its own stage when different stages are marked in the same turn', async () => {
    const messages = new MessageRepository(db.dataSource.getRepository(WebhookMessage));
    const ids: number[] = [];
    for (const suffix of ['a', 'b', 'c', 'd']) {
      ids.push(
        (await insertWebhookMessage(db.dataSource, { externalId: `wamid.stage-${suffix}` })).id,
      );
    }
    const stages = [
      MessageStatus.Analyzed,
      MessageStatus.Routed,
      MessageStatus.Replied,
      MessageStatus.Analyzed,
    ] as const;

    await Promise.all(ids.map((id, index) => messages.markStage(id, stages[index])));

    const rows = await db.dataSource
      .getRepository(WebhookMessage)
      .find({ select: { id: true, status: true }, order: { id: 'ASC' } });
    expect(rows.map((row) => [row.id, row.status])).toEqual(
      ids.map((id, index) => [id, stages[index]]),
    );
  });

  it('should store each reply sent in a webhook answer as its own sent row, text byte for byte', async () => {
    const outbound = new OutboundMessageRepository(db.dataSource.getRepository(OutboundMessage));
    const { id: messageId } = await insertWebhookMessage(db.dataSource, {
      externalId: 'wamid.answered',
    });
    const texts = ['Merhaba Şükrü, siparişiniz yolda 🚲', "'; DROP TABLE outbound_messages; --"];

    await Promise.all(
      texts.map((text, index) =>
        outbound.appendSent({
          messageId,
          kind: index === 0 ? OutboundKind.Reply : OutboundKind.Handover,
          platform: 'whatsapp',
          conversationId: '905551234567',
          recipient: '905551234567',
          text,
          template: null,
          delivery: { channel: 'webhook_answer' },
        }),
      ),
    );

    const rows = await db.dataSource
      .getRepository(OutboundMessage)
      .find({ where: { messageId }, order: { id: 'ASC' } });
    expect(
      rows.map((row) => ({
        kind: row.kind,
        status: row.status,
        text: row.text,
        delivery: row.delivery,
        attempts: row.attempts,
        isSent: row.sentAt instanceof Date,
        lockedBy: row.lockedBy,
        nextAttemptAt: row.nextAttemptAt,
      })),
    ).toEqual(
      texts.map((text, index) => ({
        kind: index === 0 ? OutboundKind.Reply : OutboundKind.Handover,
        status: OutboundStatus.Sent,
        text,
        delivery: { channel: 'webhook_answer' },
        attempts: 0,
        isSent: true,
        lockedBy: null,
        nextAttemptAt: null,
      })),
    );
  });
});
