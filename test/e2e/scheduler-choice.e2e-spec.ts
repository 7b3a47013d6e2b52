import { BullmqScheduler } from 'src/queue/bullmq-scheduler';
import { InProcessScheduler } from 'src/queue/in-process-scheduler';
import { WorkScheduler } from 'src/queue/work-scheduler';
import { freePort } from 'test/setup/gateway-process';
import { RedisServer } from 'test/setup/redis-server';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase } from 'test/setup/test-database';

// The scheduler is chosen once, at boot, from `REDIS_URL`; the rest of the pipeline is the same.
describe(WorkScheduler.name, () => {
  let database: TestDatabase;
  let redis: RedisServer | null = null;
  let sut: TestApp | null = null;

  beforeEach(async () => {
    database = await TestDatabase.create('sqlite');
  });

  afterEach(async () => {
    await sut?.close();
    sut = null;
    await redis?.stop();
    redis = null;
    await database?.drop();
  });

  it('should work in process without REDIS_URL', async () => {
    sut = await TestApp.start(database);

    expect(sut.app.get(WorkScheduler)).toBe(sut.app.get(InProcessScheduler));
    expect(() => sut?.app.get(BullmqScheduler, { strict: false })).toThrow();
  });

  it('should share the BullMQ queue with REDIS_URL', async () => {
    redis = await RedisServer.start(await freePort());
    sut = await TestApp.start(database, { REDIS_URL: redis.url });

    expect(sut.app.get(WorkScheduler)).toBe(sut.app.get(BullmqScheduler, { strict: false }));
    expect(sut.app.get(WorkScheduler)).toBeInstanceOf(BullmqScheduler);
  });
});
