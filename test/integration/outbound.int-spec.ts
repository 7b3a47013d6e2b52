import type { TestingModule } from '@nestjs/testing';
import { Platform } from 'src/core/inbound-message';
import { OutboundKind, OutboundStatus } from 'src/core/outbound-status';
import { OutboundService } from 'src/replies/outbound.service';
import { RepliesModule } from 'src/replies/replies.module';
import {
  registerTestPlatformClient,
  TEST_PLATFORM_TOKEN,
  type TestPlatformRequestBody,
} from 'test/factories/test-platform-client.factory';
import { createDatabaseTestingModule } from 'test/factories/testing-module.factory';
import { OutboundModuleHarness } from 'test/setup/outbound-module';
import { StubHttpServer, useStubServer } from 'test/setup/stub-http-server';
import { waitFor } from 'test/setup/wait-for';
import { testDatabaseKinds } from 'test/setup/test-database';

const MAX_ATTEMPTS = 3;
// Long enough that no send times out by accident on a busy machine; the timeout case has its own.
const TIMEOUT_MS = 10_000;
const SHORT_TIMEOUT_MS = 1000;
// Migrating a fresh MySQL schema can take long on a busy machine.
const BOOT_TIMEOUT_MS = 120_000;

describe(OutboundService.name, () => {
  describe.each(testDatabaseKinds())('on %s', (kind) => {
    const h = OutboundModuleHarness.use(kind, {
      OUTBOUND_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      OUTBOUND_MAX_BACKOFF_MS: '20',
      OUTBOUND_TIMEOUT_MS: String(TIMEOUT_MS),
    });
    const elsewhere = useStubServer();
    const { rowOf } = h;

    const proactive = (
      recipient = '905551234567',
      conversationId: string | null = null,
    ): Promise<number> =>
      h.sut.queueProactive({
        platform: Platform.WhatsApp,
        recipient,
        text: 'Siparişiniz yola çıktı 🚲',
        conversationId,
      });

    const sentTo = (): string[] =>
      h.platformApi.requests.map((request) => (request.json as TestPlatformRequestBody).to);

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
      let shortModule: TestingModule;
      let shortSut: OutboundService;

      beforeAll(async () => {
        const config = h.database.config({
          OUTBOUND_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
          OUTBOUND_MAX_BACKOFF_MS: '20',
          OUTBOUND_TIMEOUT_MS: String(SHORT_TIMEOUT_MS),
          // The schema is there already.
          MIGRATIONS_RUN: 'false',
        });
        shortModule = await createDatabaseTestingModule(config, [RepliesModule]).compile();
        await shortModule.init();
        shortSut = shortModule.get(OutboundService);
        registerTestPlatformClient(shortModule, Platform.WhatsApp, h.platformApi.url);
      }, BOOT_TIMEOUT_MS);

      afterAll(async () => {
        await shortModule?.close();
      });

      it('should retry a send that timed out', async () => {
        h.platformApi.respondWith(() =>
          h.platformApi.requests.length === 1
            ? { status: 200, body: { id: 'wamid.LATE' }, delayMs: SHORT_TIMEOUT_MS * 3 }
            : { status: 200, body: { id: 'wamid.OUT3' } },
        );

        const id = await shortSut.queueProactive({
          platform: Platform.WhatsApp,
          recipient: '905551234567',
          text: 'Merhaba',
          conversationId: null,
        });
        await shortSut.whenIdle();

        // Without the timeout the late answer would have been taken after one attempt.
        const row = await rowOf(id);
        expect(row).toMatchObject({ status: OutboundStatus.Sent, externalId: 'wamid.OUT3' });
        expect(row.attempts).toBeGreaterThanOrEqual(2);
        expect(h.platformApi.requests.length).toBe(row.attempts);
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

      const recipients = sentTo();
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
