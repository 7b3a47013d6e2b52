/** Runs one message on this instance (the pipeline's lanes); `null` key: look it up by id. */
export type WorkRunner = (id: number, conversationKey: string | null) => Promise<unknown>;

/**
 * Where stored messages wait for a worker: one interface, two implementations chosen at boot
 * (`InProcessScheduler` here, `BullmqScheduler` with `REDIS_URL`, which falls back to the former
 * while Redis is away). The database stays the source of truth: what a scheduler loses (a crash,
 * a lost job, a full backlog) recovery finds again from the rows' pick-up times.
 */
export abstract class WorkScheduler {
  /** The one runner work is handed to (set once by `MessagePipeline`). */
  abstract runThrough(runner: WorkRunner): void;

  /** Hands the message to a worker after `delayMs`; never throws. */
  abstract schedule(id: number, conversationKey: string, delayMs: number): void;

  /** Messages accepted and not yet handed to the runner (shutdown hands them back). */
  abstract waitingIds(): number[];

  /** Stops handing out work; running work is the pipeline's to wait for. */
  abstract stop(timeoutMs: number): Promise<void>;
}
