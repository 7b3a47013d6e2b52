import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from 'src/config/app-config';
import { InProcessScheduler } from 'src/queue/in-process-scheduler';
import { redisConnectionFrom } from 'src/queue/redis-connection';
import { WorkScheduler } from 'src/queue/work-scheduler';

/**
 * The scheduler (`WorkScheduler`), chosen at boot: in-process, or with `REDIS_URL` BullMQ, shared
 * by every gateway instance (it falls back to the in-process one while Redis is away). BullMQ and
 * ioredis, some 300 modules, are loaded only then: a gateway without Redis never runs them.
 */
@Module({})
export class QueueModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.redisUrl) {
      return {
        module: QueueModule,
        global: true,
        providers: [
          InProcessScheduler,
          { provide: WorkScheduler, useExisting: InProcessScheduler },
        ],
        exports: [InProcessScheduler, WorkScheduler],
      };
    }
    return {
      module: QueueModule,
      global: true,
      imports: [sharedQueueModule(config.redisUrl)],
      providers: [InProcessScheduler],
      exports: [InProcessScheduler],
    };
  }
}

@Module({})
class SharedQueueModule {}

async function sharedQueueModule(redisUrl: string): Promise<DynamicModule> {
  const [{ BullModule }, { BullmqScheduler, MESSAGES_QUEUE }] = await Promise.all([
    import('@nestjs/bullmq'),
    // Relative: the build rewrites the `src/…` paths of static imports only.
    import('./bullmq-scheduler'),
  ]);
  return {
    module: SharedQueueModule,
    global: true,
    imports: [
      BullModule.forRoot({ connection: redisConnectionFrom(redisUrl) }),
      BullModule.registerQueue({ name: MESSAGES_QUEUE }),
    ],
    providers: [BullmqScheduler, { provide: WorkScheduler, useExisting: BullmqScheduler }],
    exports: [WorkScheduler],
  };
}
