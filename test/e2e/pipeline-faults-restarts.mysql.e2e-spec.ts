import { setTimeout as sleep } from 'node:timers/promises';
import { MessageStatus } from 'src/core/message-status';
import { BURST, PipelineFaultsHarness, TEST_TIMEOUT_MS } from 'test/setup/pipeline-faults-harness';
import { testDatabaseKinds } from 'test/setup/test-database';
import { buildBurst, sendBurstUntilAThird, sendUntilAcknowledged } from 'test/setup/whatsapp-burst';

const CONVERSATIONS = 30;
const REDIS_OUTAGE_MS = 1_000;

// A gateway process or the Redis under it stopped while a burst comes in: nothing acknowledged is
// lost, and no message is analysed or routed twice.
const describeOnMysql = testDatabaseKinds().includes('mysql') ? describe : null;

describeOnMysql?.('pipeline faults on mysql with real processes: restarts mid-burst', () => {
  const h = PipelineFaultsHarness.use();

  it(
    'should lose nothing and run no stage twice when a gateway gets SIGTERM mid-burst',
    async () => {
      const deliveries = buildBurst(BURST, CONVERSATIONS);
      const first = await h.startGateway();

      const { sending } = await sendBurstUntilAThird(deliveries, first.url);
      const exit = await first.process.stop('SIGTERM');
      const unacknowledged = await sending;
      const second = await h.startGateway();
      await sendUntilAcknowledged(unacknowledged.map((send) => ({ ...send, url: second.url })));

      // A graceful stop (the app closed, then the process ended itself), not a crash.
      expect([
        { code: 0, signal: null },
        { code: null, signal: 'SIGTERM' },
      ]).toContainEqual(exit);
      // The signal did land mid-burst.
      expect(unacknowledged.length).toBeGreaterThan(0);
      expect(await h.waitUntilSettled(BURST)).toEqual({ [MessageStatus.Done]: BURST });
      await h.expectEachProcessedOnce(deliveries);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'should lose nothing and run no stage twice when Redis is killed and restarted mid-burst',
    async () => {
      const redis = await h.startRedis();
      const sut = await h.startGateway({ REDIS_URL: redis.url });
      const deliveries = buildBurst(BURST, CONVERSATIONS);

      const { sending } = await sendBurstUntilAThird(deliveries, sut.url);
      const keysBeforeOutage = Number((await redis.command('DBSIZE')).slice(1));
      await redis.stop('SIGKILL');
      await sleep(REDIS_OUTAGE_MS);
      await redis.restart();
      await sendUntilAcknowledged(await sending);

      // The work did go through BullMQ before Redis went away.
      expect(keysBeforeOutage).toBeGreaterThan(0);
      expect(await h.waitUntilSettled(BURST)).toEqual({ [MessageStatus.Done]: BURST });
      await h.expectEachProcessedOnce(deliveries);
    },
    TEST_TIMEOUT_MS,
  );
});
