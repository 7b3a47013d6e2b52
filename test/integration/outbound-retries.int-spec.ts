import { Platform } from 'src/core/inbound-message';
import { OutboundStatus } from 'src/core/outbound-status';
import { OutboundService } from 'src/replies/outbound.service';
import {
  OUTBOUND_MAX_ATTEMPTS as MAX_ATTEMPTS,
  OutboundModuleHarness,
  RETRYING_ENV,
} from 'test/setup/outbound-module';
import { StubHttpServer, useStubServer } from 'test/setup/stub-http-server';
import { testDatabaseKinds } from 'test/setup/test-database';

const SHORT_TIMEOUT_MS = 1000;

// What a send does when the platform does not take it at once: waits as a 429 asks, retries
// errors that may pass up to OUTBOUND_MAX_ATTEMPTS, fails at once on a refusal or a redirect.
describe(`${OutboundService.name} retries`, () => {
  describe.each(testDatabaseKinds())('on %s', (kind) => {
    const h = OutboundModuleHarness.use(kind, RETRYING_ENV);
    const elsewhere = useStubServer();
    const { rowOf, proactive } = h;

    it('should wait as a 429 asks and send again, with the same idempotency key', async () => {
      h.platformApi.respondWith(() =>
        h.platformApi.requests.length === 1
          ? {
              status: 429,
              body: { error: { message: 'rate limited' } },
              headers: { 'Retry-After': '1' },
            }
          : { status: 200, body: { id: 'wamid.OUT2' } },
      );

      const id = await proactive();
      await h.sut.whenIdle();

      expect(await rowOf(id)).toMatchObject({
        status: OutboundStatus.Sent,
        externalId: 'wamid.OUT2',
        attempts: 2,
        lastError: null,
      });
      expect(h.platformApi.requests.map((r) => r.headers['idempotency-key'])).toEqual([
        String(id),
        String(id),
      ]);
    });

    it('should give up after OUTBOUND_MAX_ATTEMPTS answers of 500 and say why', async () => {
      h.platformApi.respondWith(() => ({ status: 500, body: { error: { message: 'boom' } } }));

      const id = await proactive();
      await h.sut.whenIdle();

      const row = await rowOf(id);
      expect(row).toMatchObject({ status: OutboundStatus.Failed, attempts: MAX_ATTEMPTS });
      expect(row.lastError).toContain('HTTP 500');
      expect(row.lastError).toContain('boom');
      expect(row.sentAt).toBeNull();
      expect(h.platformApi.requests).toHaveLength(MAX_ATTEMPTS);
    });

    it('should fail at once, without retrying, when the platform refuses the message (400)', async () => {
      h.platformApi.respondWith(() => ({
        status: 400,
        body: { error: { message: 'Invalid parameter', code: 100 } },
      }));

      const id = await proactive();
      await h.sut.whenIdle();

      const row = await rowOf(id);
      expect(row).toMatchObject({ status: OutboundStatus.Failed, attempts: 1 });
      expect(row.lastError).toContain('HTTP 400');
      expect(row.lastError).not.toContain('Siparişiniz');
      expect(h.platformApi.requests).toHaveLength(1);
    });

    it('should retry when the platform cannot be reached and fail with the reason', async () => {
      const closed = await StubHttpServer.start();
      h.client.baseUrl = closed.url;
      await closed.stop();

      const id = await proactive();
      await h.sut.whenIdle();

      const row = await rowOf(id);
      expect(row).toMatchObject({ status: OutboundStatus.Failed, attempts: MAX_ATTEMPTS });
      expect(row.lastError).toContain('connection failed');
    });

    it('should not follow a redirect, which could carry the token elsewhere', async () => {
      h.platformApi.respondWith(() => ({
        status: 302,
        body: '',
        headers: { location: `${elsewhere.url}/messages` },
      }));

      const id = await proactive();
      await h.sut.whenIdle();

      const row = await rowOf(id);
      expect(row).toMatchObject({ status: OutboundStatus.Failed, attempts: 1 });
      expect(row.lastError).toContain('HTTP 302');
      expect(h.platformApi.requests).toHaveLength(1);
      expect(elsewhere.requests).toHaveLength(0);
    });

    describe('with a short OUTBOUND_TIMEOUT_MS', () => {
      const short = h.useModule({ OUTBOUND_TIMEOUT_MS: String(SHORT_TIMEOUT_MS) });

      it('should retry a send that timed out', async () => {
        h.platformApi.respondWith(() =>
          h.platformApi.requests.length === 1
            ? { status: 200, body: { id: 'wamid.LATE' }, delayMs: SHORT_TIMEOUT_MS * 3 }
            : { status: 200, body: { id: 'wamid.OUT3' } },
        );

        const id = await short.sut.queueProactive({
          platform: Platform.WhatsApp,
          recipient: '905551234567',
          text: 'Merhaba',
          conversationId: null,
        });
        await short.sut.whenIdle();

        // Without the timeout the late answer would have been taken after one attempt.
        const row = await rowOf(id);
        expect(row).toMatchObject({ status: OutboundStatus.Sent, externalId: 'wamid.OUT3' });
        expect(row.attempts).toBeGreaterThanOrEqual(2);
        expect(h.platformApi.requests.length).toBe(row.attempts);
      });
    });
  });
});
