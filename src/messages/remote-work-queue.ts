/**
 * Where work goes when several gateway instances share it (BullMQ with `REDIS_URL`). The database
 * stays the source of truth: a job that is lost is found again by recovery.
 */
export abstract class RemoteWorkQueue {
  /** Queues the message once (the job id is the message id); rejects when the queue is down. */
  abstract add(messageId: number, delayMs: number): Promise<void>;
}
