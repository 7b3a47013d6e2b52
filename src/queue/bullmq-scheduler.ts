import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { settlesWithin, withTimeout } from 'src/common/async/time-limit';
import { loggableError } from 'src/common/logging/loggable-error';
import { AppConfig } from 'src/config/app-config';
import { InProcessScheduler } from 'src/queue/in-process-scheduler';
import { type WorkRunner, WorkScheduler } from 'src/queue/work-scheduler';

export const MESSAGES_QUEUE = 'gateway-messages';
export const PROCESS_JOB = 'process';
const ADD_TIMEOUT_MS = 1000;

export interface MessageJob {
  messageId: number;
}

/**
 * The shared queue (with `REDIS_URL`): every gateway instance adds to it and takes from it.
 * Job id = message id, so a message waits in it once however many instances (or recovery sweeps)
 * hand it in; a retry due later gets its own id, as the attempt before it may still be the running
 * job. While Redis is away, work stays on this instance (`InProcessScheduler`).
 */
// A worker that lost Redis tries again every second (BullMQ's default is 15 s).
@Processor(MESSAGES_QUEUE, { runRetryDelay: 1000 })
export class BullmqScheduler extends WorkerHost implements WorkScheduler, OnApplicationBootstrap {
  private readonly logger = new Logger(BullmqScheduler.name);
  private runner: WorkRunner | null = null;

  constructor(
    @InjectQueue(MESSAGES_QUEUE) private readonly queue: Queue<MessageJob>,
    private readonly local: InProcessScheduler,
    private readonly config: AppConfig,
  ) {
    super();
    this.queue.on('error', (error) => this.logger.warn(loggableError(error), 'queue error'));
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.pipeline.concurrency;
    this.worker.on('error', (error) => this.logger.warn(loggableError(error), 'worker error'));
  }

  runThrough(runner: WorkRunner): void {
    this.runner = runner;
    this.local.runThrough(runner);
  }

  schedule(id: number, conversationKey: string, delayMs: number): void {
    this.add(id, delayMs).catch((error: unknown) => {
      // Redis is down: the work stays here; the database keeps it either way.
      this.logger.warn(
        { messageId: id, ...loggableError(error) },
        'queue unavailable, running here',
      );
      this.local.schedule(id, conversationKey, delayMs);
    });
  }

  waitingIds(): number[] {
    return this.local.waitingIds();
  }

  async process(job: Job<MessageJob>): Promise<void> {
    await this.runner?.(job.data.messageId, null);
  }

  // Stop taking jobs first; the running ones finish (or are handed back by the pipeline).
  async stop(timeoutMs: number): Promise<void> {
    await this.local.stop();
    if (!(await settlesWithin(this.worker.close(), timeoutMs))) {
      await this.worker.close(true);
    }
  }

  private async add(messageId: number, delayMs: number): Promise<void> {
    const delay = Math.max(0, Math.round(delayMs));
    const jobId = delay > 0 ? `msg-${messageId}-at-${Date.now() + delay}` : `msg-${messageId}`;
    await withTimeout(
      this.queue.add(
        PROCESS_JOB,
        { messageId },
        { jobId, delay, removeOnComplete: true, removeOnFail: true },
      ),
      ADD_TIMEOUT_MS,
      () => new Error('queue did not answer'),
    );
  }
}
