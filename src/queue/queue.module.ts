import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from 'src/config/app-config';
import { MessagesModule } from 'src/messages/messages.module';
import { BullmqScheduler, MESSAGES_QUEUE } from 'src/queue/bullmq-scheduler';
import { redisConnectionFrom } from 'src/queue/redis-connection';

/**
 * With `REDIS_URL`: processing goes through BullMQ, shared by every gateway instance
 * (`MessagesModule` picks `BullmqScheduler` when this module provides it).
 */
@Module({})
export class QueueModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.redisUrl) {
      return { module: QueueModule };
    }
    return {
      module: QueueModule,
      global: true,
      imports: [
        BullModule.forRoot({ connection: redisConnectionFrom(config.redisUrl) }),
        BullModule.registerQueue({ name: MESSAGES_QUEUE }),
        MessagesModule,
      ],
      providers: [BullmqScheduler],
      exports: [BullmqScheduler],
    };
  }
}
