import { Logger } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { Platform } from 'src/core/inbound-message';
import { InstanceId } from 'src/queue/instance-id';
import { OutboundMessage } from 'src/replies/outbound-message.entity';
import { OutboundKind, OutboundStatus } from 'src/core/outbound-status';
import { OutboundMessageRepository } from 'src/replies/outbound-message.repository';
import { OutboundService } from 'src/replies/outbound.service';
import { RepliesModule } from 'src/replies/replies.module';
import {
  registerTestPlatformClient,
  type TestPlatformClient,
} from 'test/factories/test-platform-client.factory';
import { createDatabaseTestingModule } from 'test/factories/testing-module.factory';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestDatabase, testDatabaseKinds, truncateAll } from 'test/setup/test-database';

// Migrating a fresh MySQL schema can take long on a busy machine.
const BOOT_TIMEOUT_MS = 120_000;

// Sends a crash or a deferral left queued go out through the same lease as inbound processing.
describe(`${OutboundService.name} recovery`, () => {
  describe.each(testDatabaseKinds())('on %s', (kind) => {
    let database: TestDatabase;
    let platformApi: StubHttpServer;
    let moduleRef: TestingModule;
    let dataSource: DataSource;
    let client: TestPlatformClient;
    let sut: OutboundService;

    const rowOf = (id: number): Promise<OutboundMessage> =>
      dataSource.getRepository(OutboundMessage).findOneByOrFail({ id });
    const queued = async (row: Partial<OutboundMessage>): Promise<number> => {
      const now = new Date();
      const result = await dataSource.getRepository(OutboundMessage).insert({
        kind: OutboundKind.Proactive,
        platform: Platform.WhatsApp,
        conversationId: null,
        recipient: '905551234567',
        text: 'Siparişiniz yola çıktı',
        status: OutboundStatus.Queued,
        attempts: 0,
        createdAt: now,
        updatedAt: now,
        ...row,
      });
      return (result.identifiers[0] as { id: number }).id;
    };

    beforeAll(async () => {
      Logger.overrideLogger(false);
      platformApi = await StubHttpServer.start();
      database = await TestDatabase.create(kind);
      moduleRef = await createDatabaseTestingModule(database.config(), [RepliesModule]).compile();
      await moduleRef.init();
      dataSource = moduleRef.get(DataSource);
      sut = moduleRef.get(OutboundService);
      client = registerTestPlatformClient(moduleRef, Platform.WhatsApp, platformApi.url);
    }, BOOT_TIMEOUT_MS);

    beforeEach(async () => {
      await truncateAll(dataSource);
      platformApi.reset();
      client.reset();
      client.baseUrl = platformApi.url;
      platformApi.respondWith(() => ({ status: 200, body: { id: 'wamid.RECOVERED' } }));
    });

    afterEach(async () => {
      await sut.whenIdle();
    });

    afterAll(async () => {
      await moduleRef?.close();
      await database?.drop();
      await platformApi?.stop();
    });

    it('should send once what nobody holds and is due, and leave held or later sends alone', async () => {
      const lost = await queued({ nextAttemptAt: null });
      const deferredAndDue = await queued({ nextAttemptAt: new Date(Date.now() - 1000) });
      const later = await queued({ nextAttemptAt: new Date(Date.now() + 60_000) });
      const heldElsewhere = await queued({
        lockedBy: 'elsewhere:1',
        lockedUntil: new Date(Date.now() + 60_000),
      });

      const resumed = await sut.resumeDue();
      await sut.whenIdle();
      const again = await sut.resumeDue();
      await sut.whenIdle();

      expect([resumed, again]).toEqual([2, 0]);
      expect(platformApi.requests.map((request) => request.headers['idempotency-key'])).toEqual(
        expect.arrayContaining([String(lost), String(deferredAndDue)]),
      );
      expect(platformApi.requests).toHaveLength(2);
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

    it('should not send a row another instance claimed first', async () => {
      const id = await queued({ nextAttemptAt: null });
      const leases = moduleRef.get(OutboundMessageRepository).leases;
      const until = new Date(Date.now() + 60_000);
      expect(await leases.claim(id, { owner: 'elsewhere:1', until }, new Date())).toBe(true);

      const resumed = await sut.resumeDue();
      await sut.whenIdle();

      expect(resumed).toBe(0);
      expect(platformApi.requests).toHaveLength(0);
      expect(await rowOf(id)).toMatchObject({
        status: OutboundStatus.Queued,
        lockedBy: 'elsewhere:1',
      });
      expect(moduleRef.get(InstanceId).value).not.toBe('elsewhere:1');
    });
  });
});
