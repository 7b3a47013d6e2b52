import { Injectable, Logger } from '@nestjs/common';
import { unexpectedErrorDetails } from 'src/common/logging/loggable-error';
import { AppConfig } from 'src/config/app-config';
import { CpuBudget } from 'src/queue/cpu-budget';
import { IntakeRate } from 'src/queue/intake-rate';
import { type WorkRunner, WorkScheduler } from 'src/queue/work-scheduler';

// Above this many webhook messages stored per second, background processing keeps within a CPU
// budget (see `CpuBudget`): acknowledging deliveries comes first (platforms re-send slow ones),
// and the backlog is safe in the database.
const INGEST_PRIORITY_RATE = 100;
// The event loop's busy share background work may push it to while webhooks pour in, and the
// slots it keeps whatever the load.
const BACKGROUND_CPU_BUDGET = 0.8;
const BACKGROUND_SLOTS_FLOOR = 2;
// Background work waiting for a slot, at most (ids only, a few MiB); beyond it, recovery finds the
// rest in the database once their pick-up time has passed.
const MAX_BACKLOG = 100_000;
const BACKLOG_RECHECK_MS = 100;

/**
 * Work for this instance only: due work waits (ids only, bounded) in arrival order and is handed
 * to the runner while slots are free: all `PROCESSING_CONCURRENCY` of them when webhooks come in
 * slowly, as many as the CPU budget leaves while they pour in. Delayed work waits on a timer.
 */
@Injectable()
export class InProcessScheduler extends WorkScheduler {
  private readonly logger = new Logger(InProcessScheduler.name);
  private readonly backlog = new Map<number, string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly intake = new IntakeRate();
  private readonly budget: CpuBudget;
  private runner: WorkRunner | null = null;
  private running = 0;
  private recheckTimer: NodeJS.Timeout | null = null;
  private isStopped = false;
  private onRoomAgain: (() => void) | null = null;
  private hasOverflowed = false;

  constructor(private readonly config: AppConfig) {
    super();
    const { concurrency } = config.pipeline;
    this.budget = new CpuBudget({
      budget: BACKGROUND_CPU_BUDGET,
      floor: Math.min(concurrency, BACKGROUND_SLOTS_FLOOR),
      ceiling: concurrency,
    });
  }

  runThrough(runner: WorkRunner): void {
    this.runner = runner;
  }

  /** Called once the backlog has room again after it overflowed (recovery sweeps then). */
  whenRoomAgain(callback: () => void): void {
    this.onRoomAgain = callback;
  }

  /** A webhook message was just stored: see `INGEST_PRIORITY_RATE`. */
  noteIntake(): void {
    this.intake.mark();
  }

  has(id: number): boolean {
    return this.backlog.has(id);
  }

  schedule(id: number, conversationKey: string, delayMs: number): void {
    if (delayMs <= 0) {
      this.enqueue(id, conversationKey);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.enqueue(id, conversationKey);
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  waitingIds(): number[] {
    return [...this.backlog.keys()];
  }

  stop(): Promise<void> {
    this.isStopped = true;
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    if (this.recheckTimer) {
      clearTimeout(this.recheckTimer);
    }
    return Promise.resolve();
  }

  private enqueue(id: number, conversationKey: string): void {
    if (this.isStopped || this.backlog.has(id)) {
      return;
    }
    if (this.backlog.size >= MAX_BACKLOG) {
      // Stored, and due for recovery once its pick-up time has passed.
      this.hasOverflowed = true;
      return;
    }
    this.backlog.set(id, conversationKey);
    this.pump();
  }

  private pump(): void {
    const limit = this.budget.slots(this.intake.perSecond() > INGEST_PRIORITY_RATE);
    for (const [id, conversationKey] of this.backlog) {
      if (this.isStopped || this.running >= limit || this.runner === null) {
        break;
      }
      this.backlog.delete(id);
      this.running += 1;
      this.runner(id, conversationKey)
        .catch((error: unknown) =>
          this.logger.error(
            { messageId: id, ...unexpectedErrorDetails(error) },
            'processing crashed',
          ),
        )
        .finally(() => {
          this.running -= 1;
          this.pump();
        });
    }
    if (this.hasOverflowed && this.backlog.size < MAX_BACKLOG / 2) {
      this.hasOverflowed = false;
      this.onRoomAgain?.();
    }
    if (this.backlog.size > 0 && !this.recheckTimer && !this.isStopped) {
      // The intake may calm down before anything running finishes.
      this.recheckTimer = setTimeout(() => {
        this.recheckTimer = null;
        this.pump();
      }, BACKLOG_RECHECK_MS);
      this.recheckTimer.unref();
    }
  }
}
