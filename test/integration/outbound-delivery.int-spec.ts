import { Platform } from 'src/core/inbound-message';
import { OutboundKind, OutboundStatus } from 'src/core/outbound-status';
import { OutboundService } from 'src/replies/outbound.service';
import { TEST_PLATFORM_TOKEN } from 'test/factories/test-platform-client.factory';
import { OutboundModuleHarness, RETRYING_ENV } from 'test/setup/outbound-module';
import { testDatabaseKinds } from 'test/setup/test-database';
import { waitFor } from 'test/setup/wait-for';

// A send stored, posted to the platform and marked sent; a conversation's rate limit holds sends
// back; the platform's status updates move a sent message on.
describe(`${OutboundService.name} delivery`, () => {
  describe.each(testDatabaseKinds())('on %s', (kind) => {
    const h = OutboundModuleHarness.use(kind, RETRYING_ENV);
    const { rowOf, proactive } = h;

    it('should store the send, call the platform once and mark it sent with its id', async () => {
      h.platformApi.respondWith(() => ({ status: 200, body: { id: 'wamid.OUT1' } }));

      const id = await proactive('905551234567', 'conv-1');
      await h.sut.whenIdle();

      const row = await rowOf(id);
      expect(row).toMatchObject({
        kind: OutboundKind.Proactive,
        platform: Platform.WhatsApp,
        status: OutboundStatus.Sent,
        externalId: 'wamid.OUT1',
        attempts: 1,
        lastError: null,
        messageId: null,
        conversationId: 'conv-1',
      });
      expect(row.sentAt).not.toBeNull();
      expect(h.platformApi.requests).toHaveLength(1);
      const [request] = h.platformApi.requests;
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/messages');
      expect(request.headers.authorization).toBe(`Bearer ${TEST_PLATFORM_TOKEN}`);
      expect(request.headers['idempotency-key']).toBe(String(id));
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.json).toEqual({
        to: '905551234567',
        conversation_id: 'conv-1',
        kind: 'proactive',
        text: 'Siparişiniz yola çıktı 🚲',
      });
    });

    it('should hold a send that exceeds the rate limit of its conversation until the window passes', async () => {
      const windowMs = 500;
      h.client.rateLimit = { limit: 2, windowMs };
      const arrivedAt: number[] = [];
      h.platformApi.respondWith((request) => {
        arrivedAt.push(Date.now());
        return { status: 200, body: { id: `out-${h.platformApi.requests.indexOf(request)}` } };
      });
      const startedAt = Date.now();

      const limited = [
        await proactive('111111'),
        await proactive('111111'),
        await proactive('111111'),
      ];
      const other = await proactive('222222');
      await h.sut.whenIdle();

      const recipients = h.sentTo();
      expect(recipients).toHaveLength(4);
      expect(recipients.filter((to) => to === '111111')).toHaveLength(3);
      for (const id of [...limited, other]) {
        expect(await rowOf(id)).toMatchObject({ status: OutboundStatus.Sent, attempts: 1 });
      }
      // A lower bound only, which a slow machine cannot break: the third send to 111111 may
      // start no earlier than a whole window after the first one started.
      const thirdToLimited = recipients.lastIndexOf('111111');
      expect(arrivedAt[thirdToLimited] - startedAt).toBeGreaterThanOrEqual(windowMs);
    });

    describe('applyStatusUpdates', () => {
      async function sentMessage(externalId: string): Promise<number> {
        h.platformApi.respondWith(() => ({ status: 200, body: { id: externalId } }));
        const id = await proactive();
        await h.sut.whenIdle();
        expect((await rowOf(id)).status).toBe(OutboundStatus.Sent);
        return id;
      }

      const update = (
        externalId: string,
        status:
          | OutboundStatus.Sent
          | OutboundStatus.Delivered
          | OutboundStatus.Read
          | OutboundStatus.Failed,
        error: string | null = null,
      ) => ({ platform: Platform.WhatsApp, externalId, status, error });

      it('should move a sent message to delivered, then read', async () => {
        const id = await sentMessage('wamid.S1');

        await h.sut.applyStatusUpdates([update('wamid.S1', OutboundStatus.Delivered)]);
        expect((await rowOf(id)).status).toBe(OutboundStatus.Delivered);
        await h.sut.applyStatusUpdates([update('wamid.S1', OutboundStatus.Read)]);
        expect((await rowOf(id)).status).toBe(OutboundStatus.Read);
      });

      it('should keep read when delivered or sent arrives after it', async () => {
        const id = await sentMessage('wamid.S2');

        await h.sut.applyStatusUpdates([
          update('wamid.S2', OutboundStatus.Read),
          update('wamid.S2', OutboundStatus.Delivered),
          update('wamid.S2', OutboundStatus.Sent),
        ]);

        expect((await rowOf(id)).status).toBe(OutboundStatus.Read);
      });

      it('should mark a message failed with the reason the platform gives', async () => {
        const id = await sentMessage('wamid.S3');

        await h.sut.applyStatusUpdates([
          update('wamid.S3', OutboundStatus.Failed, '131047: Re-engagement message'),
        ]);

        expect(await rowOf(id)).toMatchObject({
          status: OutboundStatus.Failed,
          lastError: '131047: Re-engagement message',
        });
      });

      it('should only touch the message of the same platform and id', async () => {
        const id = await sentMessage('wamid.S4');

        await h.sut.applyStatusUpdates([
          { ...update('wamid.S4', OutboundStatus.Read), platform: Platform.Userlike },
          update('wamid.OTHER', OutboundStatus.Read),
        ]);

        expect((await rowOf(id)).status).toBe(OutboundStatus.Sent);
      });

      it('should apply a status that arrives before the send returned once it returns', async () => {
        h.platformApi.respondWith(() => ({
          status: 200,
          body: { id: 'wamid.EARLY' },
          delayMs: 1500,
        }));

        const id = await proactive();
        await waitFor(
          () => Promise.resolve(h.platformApi.requests.length),
          (count) => count === 1,
          'the send to reach the platform',
        );
        // The platform holds its answer: the row has no external id yet.
        expect(await rowOf(id)).toMatchObject({ status: OutboundStatus.Queued, externalId: null });
        await h.sut.applyStatusUpdates([update('wamid.EARLY', OutboundStatus.Delivered)]);
        await h.sut.whenIdle();

        expect(await rowOf(id)).toMatchObject({
          status: OutboundStatus.Delivered,
          externalId: 'wamid.EARLY',
        });
      });
    });
  });
});
