import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { withTimeout } from 'src/common/async/time-limit';
import { loggableError } from 'src/common/logging/loggable-error';
import { RemoteWorkQueue } from 'src/messages/remote-work-queue';

export const MESSAGES_QUEUE = 'gateway-messages';
export const PROCESS_JOB = 'process';
const ADD_TIMEOUT_MS = 1000;

export interface MessageJob {
  messageId: number;
}

/**
 * The shared queue: job id = message id, so a message waits in it once however many instances
 * (or recovery sweeps) hand it in. A retry due later gets its own id, as the attempt before it may
 * still be the running job.
 */
@Injectable()
export class BullmqWorkQueue extends RemoteWorkQueue {
  private readonly logger = new Logger(BullmqWorkQueue.name);

  constructor(@InjectQueue(MESSAGES_QUEUE) private readonly queue: Queue<MessageJob>) {
    super();
    this.queue.on('error', (error) => this.logger.warn(loggableError(error), 'queue error'));
  }

  async add(messageId: number, delayMs: number): Promise<void> {
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
