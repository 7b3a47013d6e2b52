import { MessageStatus } from 'src/core/message-status';
import { BURST, PipelineFaultsHarness, TEST_TIMEOUT_MS } from 'test/setup/pipeline-faults-harness';
import { testDatabaseKinds } from 'test/setup/test-database';
import { buildBurst, sendUntilAcknowledged } from 'test/setup/whatsapp-burst';

// Five messages a conversation, alternating between the two instances.
const SHARED_CONVERSATIONS = 60;

// Two gateway processes on one database, as replicas behind a load balancer: each message is
// processed once, with or without a shared Redis.
const describeOnMysql = testDatabaseKinds().includes('mysql') ? describe : null;

describeOnMysql?.('pipeline faults on mysql with real processes: two instances', () => {
  const h = PipelineFaultsHarness.use();

  it.each([
    ['sharing one Redis (BullMQ)', true],
    ['without Redis (in-process on each)', false],
  ])(
    'should process every message exactly once with two instances on one database, %s',
    async (_, isQueued) => {
      const redis = isQueued ? await h.startRedis() : null;
      const env: Record<string, string> = redis ? { REDIS_URL: redis.url } : {};
      // Started together: only the first runs the migrations, as on a deploy with replicas.
      const instances = await Promise.all([
        h.startGateway(env),
        h.startGateway({ ...env, MIGRATIONS_RUN: 'false' }),
      ]);
      const deliveries = buildBurst(BURST, SHARED_CONVERSATIONS);
      // A conversation's messages alternate between the instances; `shift` 1 is the other one.
      const urlFor = (index: number, shift = 0): string =>
        instances[(Math.floor(index / SHARED_CONVERSATIONS) + shift) % 2].url;
      const sends = deliveries.map((delivery, index) => ({ delivery, url: urlFor(index) }));
      // Every tenth delivery reaches the other instance too, as a platform's retry may.
      const repeats = deliveries.flatMap((delivery, index) =>
        index % 10 === 0 ? [{ delivery, url: urlFor(index, 1) }] : [],
      );

      await sendUntilAcknowledged([...sends, ...repeats]);

      expect(await h.waitUntilSettled(BURST)).toEqual({ [MessageStatus.Done]: BURST });
      await h.expectEachProcessedOnce(deliveries);
    },
    TEST_TIMEOUT_MS,
  );
});
