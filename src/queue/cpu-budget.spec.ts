import type { EventLoopUtilization } from 'node:perf_hooks';
import { CpuBudget } from 'src/queue/cpu-budget';

// A clock whose event loop was busy for the share the test sets since the last reading.
function fakeClock() {
  const state = { now: 0, busyShare: 0 };
  const reading = (utilization: number): EventLoopUtilization => ({
    idle: 0,
    active: 0,
    utilization,
  });
  return {
    state,
    clock: {
      now: () => state.now,
      utilization: (since?: EventLoopUtilization) => reading(since ? state.busyShare : 0),
    },
  };
}

describe(CpuBudget.name, () => {
  const options = { budget: 0.8, floor: 2, ceiling: 64 };

  it('should give every slot while no webhook comes in, however busy the loop', () => {
    const { state, clock } = fakeClock();
    const sut = new CpuBudget(options, clock);
    state.busyShare = 1;

    const seen = [100, 200, 300].map((now) => {
      state.now = now;
      return sut.slots(false);
    });

    expect(seen).toEqual([64, 64, 64]);
  });

  it('should halve the slots each 100 ms the loop is over budget while webhooks come in, down to the floor', () => {
    const { state, clock } = fakeClock();
    const sut = new CpuBudget(options, clock);
    state.busyShare = 0.95;

    const seen = [50, 100, 150, 200, 300, 400, 500, 600, 700].map((now) => {
      state.now = now;
      return sut.slots(true);
    });

    expect(seen).toEqual([64, 32, 32, 16, 8, 4, 2, 2, 2]);
  });

  it('should grow back by a tenth of the ceiling once the loop is under budget', () => {
    const { state, clock } = fakeClock();
    const sut = new CpuBudget(options, clock);
    state.busyShare = 1;
    for (const now of [100, 200, 300, 400, 500, 600]) {
      state.now = now;
      sut.slots(true);
    }
    state.busyShare = 0.5;

    const seen = [700, 800, 900].map((now) => {
      state.now = now;
      return sut.slots(true);
    });

    expect(seen).toEqual([9, 16, 23]);
  });
});
