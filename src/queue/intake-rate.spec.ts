import { IntakeRate } from 'src/queue/intake-rate';

describe(IntakeRate.name, () => {
  it('should report the messages of the last two quarter seconds per second', () => {
    const sut = new IntakeRate();
    const start = 1_000_000;
    sut.perSecond(start);
    for (let i = 0; i < 50; i++) {
      sut.mark(start + i);
    }

    // 50 in the current bucket, which is 100 ms old, plus an empty previous one: 50 / 0.35 s.
    expect(sut.perSecond(start + 100)).toBeCloseTo(50 / 0.35, 5);
  });

  it('should forget messages older than two buckets', () => {
    const sut = new IntakeRate();
    const start = 2_000_000;
    sut.perSecond(start);
    for (let i = 0; i < 100; i++) {
      sut.mark(start);
    }

    expect(sut.perSecond(start + 300)).toBeGreaterThan(0);
    expect(sut.perSecond(start + 600)).toBe(0);
  });
});
