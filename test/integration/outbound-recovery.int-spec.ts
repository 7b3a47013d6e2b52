import { InstanceId } from 'src/queue/instance-id';
import { OutboundStatus } from 'src/core/outbound-status';
import { OutboundMessageRepository } from 'src/replies/outbound-message.repository';
import { OutboundService } from 'src/replies/outbound.service';
import { OutboundModuleHarness } from 'test/setup/outbound-module';
import { testDatabaseKinds } from 'test/setup/test-database';

// Sends a crash or a deferral left queued go out through the same lease as inbound processing.
describe(`${OutboundService.name} recovery`, () => {
  describe.each(testDatabaseKinds())('on %s', (kind) => {
    const h = OutboundModuleHarness.use(kind);
    const { rowOf, queued } = h;

    beforeEach(() => {
      h.platformApi.respondWith(() => ({ status: 200, body: { id: 'wamid.RECOVERED' } }));
    });

    it('should send once what nobody holds and is due, and leave held or later sends alone', async () => {
      const lost = await queued({ nextAttemptAt: null });
      const deferredAndDue = await queued({ nextAttemptAt: new Date(Date.now() - 1000) });
      const later = await queued({ nextAttemptAt: new Date(Date.now() + 60_000) });
      const heldElsewhere = await queued({
        lockedBy: 'elsewhere:1',
        lockedUntil: new Date(Date.now() + 60_000),
      });

      const resumed = await h.sut.resumeDue();
      await h.sut.whenIdle();
      const again = await h.sut.resumeDue();
      await h.sut.whenIdle();

      expect([resumed, again]).toEqual([2, 0]);
      expect(h.platformApi.requests.map((request) => request.headers['idempotency-key'])).toEqual(
        expect.arrayContaining([String(lost), String(deferredAndDue)]),
      );
      expect(h.platformApi.requests).toHaveLength(2);
      for (const id of [lost, deferredAndDue]) {
        expect(await rowOf(id)).toMatchObject({
          status: OutboundStatus.Sent,
          externalId: 'wamid.RECOVERED',
          lockedBy: null,
          lockedUntil: null,
          nextAttemptAt: null,
        });
      }
      for (const id of [later, heldElsewhere]) {
        expect((await rowOf(id)).status).toBe(OutboundStatus.Queued);
      }
    });

    it('should send the stored template again after a restart, even outside the window', async () => {
      h.client.isTemplateSupported = true;
      h.client.replyWindowMs = 24 * 60 * 60 * 1000;
      const template = {
        name: 'order_shipped',
        language: 'en_US',
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ğüşİöç 🚲' }] }],
      };
      const id = await queued({ text: '[template order_shipped/en_US]', template });

      expect(await h.sut.resumeDue()).toBe(1);
      await h.sut.whenIdle();

      expect(h.platformApi.requests.map((request) => request.json)).toEqual([
        {
          to: '905551234567',
          conversation_id: null,
          kind: 'proactive',
          text: '[template order_shipped/en_US]',
          template,
        },
      ]);
      expect(await rowOf(id)).toMatchObject({ status: OutboundStatus.Sent, template });
    });

    it('should queue a failed row again with no attempts counted and send it, only from the status given', async () => {
      const id = await queued({
        status: OutboundStatus.Failed,
        attempts: 3,
        lastError: 'HTTP 503',
        externalId: 'wamid.OLD',
      });

      expect(await h.sut.requeue(id, OutboundStatus.NeedsTemplate)).toBe(false);
      expect(h.platformApi.requests).toHaveLength(0);
      expect(await h.sut.requeue(id, OutboundStatus.Failed)).toBe(true);
      await h.sut.whenIdle();

      expect(await rowOf(id)).toMatchObject({
        status: OutboundStatus.Sent,
        attempts: 1,
        lastError: null,
        externalId: 'wamid.RECOVERED',
        lockedBy: null,
        nextAttemptAt: null,
      });
      expect(h.platformApi.requests).toHaveLength(1);
      expect(await h.sut.requeue(id, OutboundStatus.Failed)).toBe(false);
    });

    it('should not send a row another instance claimed first', async () => {
      const id = await queued({ nextAttemptAt: null });
      const leases = h.moduleRef.get(OutboundMessageRepository).leases;
      const until = new Date(Date.now() + 60_000);
      expect(await leases.claim(id, { owner: 'elsewhere:1', until }, new Date())).toBe(true);

      const resumed = await h.sut.resumeDue();
      await h.sut.whenIdle();

      expect(resumed).toBe(0);
      expect(h.platformApi.requests).toHaveLength(0);
      expect(await rowOf(id)).toMatchObject({
        status: OutboundStatus.Queued,
        lockedBy: 'elsewhere:1',
      });
      expect(h.moduleRef.get(InstanceId).value).not.toBe('elsewhere:1');
    });
  });
});
