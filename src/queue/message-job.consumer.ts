import { Processor, WorkerHost } from '@nestjs/bullmq';
import {
  type BeforeApplicationShutdown,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import type { Job } from 'bullmq';
import { settlesWithin } from 'src/common/async/time-limit';
import { loggableError } from 'src/common/logging/loggable-error';
import { AppConfig } from 'src/config/app-config';
import { conversationKeyOf } from 'src/messages/conversation-key';
import { MessagePipeline } from 'src/messages/message-pipeline';
import { MessageRepository } from 'src/messages/message.repository';
import { BullmqWorkQueue, MESSAGES_QUEUE, type MessageJob } from 'src/queue/bullmq-work-queue';

/** Takes jobs from the shared queue and runs them through this instance's pipeline. */
// A worker that lost Redis tries again every second (BullMQ's default is 15 s).
@Processor(MESSAGES_QUEUE, { runRetryDelay: 1000 })
export class MessageJobConsumer
  extends WorkerHost
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(MessageJobConsumer.name);

  constructor(
    private readonly pipeline: MessagePipeline,
    private readonly messages: MessageRepository,
    private readonly workQueue: BullmqWorkQueue,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    this.pipeline.useRemote(this.workQueue);
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.pipeline.concurrency;
    this.worker.on('error', (error) => this.logger.warn(loggableError(error), 'worker error'));
  }

  async process(job: Job<MessageJob>): Promise<void> {
    const row = await this.messages.findById(job.data.messageId);
    if (!row) {
      return;
    }
    await this.pipeline.runHere(row.id, conversationKeyOf(row.platform, row.conversationId));
  }

  // Stop taking jobs first; the running ones finish (or are handed back by the pipeline).
  async beforeApplicationShutdown(): Promise<void> {
    if (!(await settlesWithin(this.worker.close(), this.config.pipeline.shutdownTimeoutMs))) {
      await this.worker.close(true);
    }
  }
}
