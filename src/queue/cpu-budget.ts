import { type EventLoopUtilization, performance } from 'node:perf_hooks';

const SAMPLE_MS = 100;

export interface CpuBudgetOptions {
  /** The event loop's busy share (0–1) above which background work steps back. */
  budget: number;
  /** Background slots kept whatever the load: processing slows down, it never stops. */
  floor: number;
  /** Slots when the budget allows it (and always while no webhook comes in). */
  ceiling: number;
}

/**
 * How many messages background processing may run at once while webhooks come in. Every 100 ms
 * it reads how busy the event loop was (its utilisation: the CPU a Node process can give); above
 * the budget the slots halve, under it they grow by a tenth of the ceiling, so acknowledging
 * deliveries keeps the CPU it needs and processing takes the rest. With no intake, the ceiling.
 */
export class CpuBudget {
  private slotsWhileBusy: number;
  private sampledAt: number;
  private last: EventLoopUtilization;

  constructor(
    private readonly options: CpuBudgetOptions,
    private readonly clock: {
      now: () => number;
      utilization: (since?: EventLoopUtilization) => EventLoopUtilization;
    } = {
      now: () => performance.now(),
      utilization: (since) => performance.eventLoopUtilization(since),
    },
  ) {
    this.slotsWhileBusy = options.ceiling;
    this.sampledAt = clock.now();
    this.last = clock.utilization();
  }

  slots(isIntakeBusy: boolean): number {
    this.sample();
    return isIntakeBusy ? this.slotsWhileBusy : this.options.ceiling;
  }

  private sample(): void {
    const now = this.clock.now();
    if (now - this.sampledAt < SAMPLE_MS) {
      return;
    }
    // Node's reading since the last one, then a new mark to read the next one from.
    const busy = this.clock.utilization(this.last).utilization;
    this.last = this.clock.utilization();
    this.sampledAt = now;
    const { budget, floor, ceiling } = this.options;
    this.slotsWhileBusy =
      busy > budget
        ? Math.max(floor, Math.floor(this.slotsWhileBusy / 2))
        : Math.min(ceiling, this.slotsWhileBusy + Math.max(1, Math.ceil(ceiling / 10)));
  }
}
