import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from 'src/config/app-config';
import { BullmqScheduler, MESSAGES_QUEUE } from 'src/queue/bullmq-scheduler';
import { InProcessScheduler } from 'src/queue/in-process-scheduler';
import { redisConnectionFrom } from 'src/queue/redis-connection';

/**
 * The schedulers: in-process always, and with `REDIS_URL` BullMQ, shared by every gateway
 * instance (`MessagesModule` picks `BullmqScheduler` when this module provides it).
 */
@Module({})
export class QueueModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.redisUrl) {
      return {
        module: QueueModule,
        global: true,
        providers: [InProcessScheduler],
        exports: [InProcessScheduler],
      };
    }
    return {
      module: QueueModule,
      global: true,
      imports: [
        BullModule.forRoot({ connection: redisConnectionFrom(config.redisUrl) }),
        BullModule.registerQueue({ name: MESSAGES_QUEUE }),
      ],
      providers: [InProcessScheduler, BullmqScheduler],
      exports: [InProcessScheduler, BullmqScheduler],
    };
  }
}
