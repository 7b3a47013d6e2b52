import { Platform } from 'src/core/inbound-message';
import { OutboundKind, OutboundStatus } from 'src/core/outbound-status';
import { OutboundMessage } from 'src/replies/outbound-message.entity';
import { OutboundService } from 'src/replies/outbound.service';
import type { TestPlatformRequestBody } from 'test/factories/test-platform-client.factory';
import { insertWebhookMessage } from 'test/factories/webhook-message.factory';
import { OutboundModuleHarness, RETRYING_ENV } from 'test/setup/outbound-module';
import { testDatabaseKinds } from 'test/setup/test-database';

// A hand-over (Userlike's forward ends the bot's session) goes out only after the sends stored
// before it for the same message have ended, sent or failed.
describe(`${OutboundService.name} hand-over order`, () => {
  describe.each(testDatabaseKinds())('on %s', (kind) => {
    const h = OutboundModuleHarness.use(kind, RETRYING_ENV);
    const { rowOf, kindsSent } = h;

    const queue = async (
      messageId: number,
      kindOf: OutboundKind.Reply | OutboundKind.Handover,
    ): Promise<number> =>
      h.sut.queueReply({
        messageId,
        platform: Platform.WhatsApp,
        conversationId: 'conv-7',
        replyTo: { recipient: '905551234567', delivery: null },
        text: kindOf === OutboundKind.Reply ? 'Yardım yolda' : 'handed over',
        kind: kindOf,
      });
    // The platform answers the first `times` replies with a 503 (after `delayMs`), all else a 200.
    const failReplies = (times = Infinity, delayMs = 0): void => {
      let left = times;
      h.platformApi.respondWith((request) =>
        (request.json as TestPlatformRequestBody).kind === 'reply' && left-- > 0
          ? { status: 503, body: { error: 'unavailable' }, delayMs }
          : { status: 200, body: {} },
      );
    };

    it("should send the hand-over after the message's reply, however often the reply is retried", async () => {
      const message = await insertWebhookMessage(h.dataSource);
      failReplies(2);

      const reply = await queue(message.id, OutboundKind.Reply);
      const handover = await queue(message.id, OutboundKind.Handover);
      await h.sut.whenIdle();

      expect(kindsSent()).toEqual(['reply', 'reply', 'reply', 'handover']);
      expect(await rowOf(reply)).toMatchObject({ status: OutboundStatus.Sent, attempts: 3 });
      expect(await rowOf(handover)).toMatchObject({ status: OutboundStatus.Sent, attempts: 1 });
    });

    it('should send the hand-over after a reply that failed for good', async () => {
      const message = await insertWebhookMessage(h.dataSource);
      failReplies();

      const reply = await queue(message.id, OutboundKind.Reply);
      const handover = await queue(message.id, OutboundKind.Handover);
      await h.sut.whenIdle();

      expect(kindsSent()).toEqual(['reply', 'reply', 'reply', 'handover']);
      expect((await rowOf(reply)).status).toBe(OutboundStatus.Failed);
      expect((await rowOf(handover)).status).toBe(OutboundStatus.Sent);
    });

    it('should hold the hand-over back, queued, while the reply is held elsewhere, and send it once the reply has ended', async () => {
      const message = await insertWebhookMessage(h.dataSource);
      const rows = h.dataSource.getRepository(OutboundMessage);
      const now = new Date();
      const reply = await h.queued({
        messageId: message.id,
        kind: OutboundKind.Reply,
        conversationId: 'conv-7',
        text: 'Yardım yolda',
        lockedBy: 'elsewhere:1',
        lockedUntil: new Date(now.getTime() + 60_000),
        createdAt: now,
        updatedAt: now,
      });

      const handover = await queue(message.id, OutboundKind.Handover);
      await h.sut.whenIdle();

      expect(h.platformApi.requests).toHaveLength(0);
      const held = await rowOf(handover);
      expect(held).toMatchObject({ status: OutboundStatus.Queued, attempts: 0, lockedBy: null });
      expect(held.nextAttemptAt?.getTime()).toBeGreaterThan(now.getTime());
      expect(await h.sut.resumeDue()).toBe(0);

      // The other instance has sent the reply; recovery comes round again.
      await rows.update(
        { id: reply },
        { status: OutboundStatus.Sent, lockedBy: null, lockedUntil: null },
      );
      await rows.update({ id: handover }, { nextAttemptAt: new Date(Date.now() - 1000) });
      expect(await h.sut.resumeDue()).toBe(1);
      await h.sut.whenIdle();

      expect(kindsSent()).toEqual(['handover']);
      expect(await rowOf(handover)).toMatchObject({ status: OutboundStatus.Sent, attempts: 1 });
    });

    it("should not hold a hand-over back behind another message's sends", async () => {
      const first = await insertWebhookMessage(h.dataSource);
      const second = await insertWebhookMessage(h.dataSource);
      // The first message's reply keeps failing, slowly, for over half a second.
      failReplies(Infinity, 200);

      const reply = await queue(first.id, OutboundKind.Reply);
      const handover = await queue(second.id, OutboundKind.Handover);
      await h.sut.whenIdle();

      const [replyRow, handoverRow] = [await rowOf(reply), await rowOf(handover)];
      expect(replyRow.status).toBe(OutboundStatus.Failed);
      expect(handoverRow.status).toBe(OutboundStatus.Sent);
      expect(handoverRow.sentAt?.getTime()).toBeLessThan(replyRow.updatedAt.getTime());
    });
  });
});
