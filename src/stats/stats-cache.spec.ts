import { AppConfig } from 'src/config/app-config';
import { StatsCache } from 'src/stats/stats-cache';

function cacheFor(cacheMs: number): StatsCache {
  return new StatsCache(AppConfig.fromEnv({ STATS_CACHE_MS: String(cacheMs) }));
}

// A computation that records how many ran and how many ran at once.
class Computation {
  calls = 0;
  running = 0;
  mostAtOnce = 0;

  run<T>(value: T, ms = 20): () => Promise<T> {
    return async () => {
      this.calls += 1;
      this.running += 1;
      this.mostAtOnce = Math.max(this.mostAtOnce, this.running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      this.running -= 1;
      return value;
    };
  }
}

describe(StatsCache.name, () => {
  it('should compute once for callers that ask at the same time, and give them the same answer', async () => {
    const sut = cacheFor(5000);
    const computation = new Computation();

    const answers = await Promise.all(
      Array.from({ length: 20 }, () => sut.get('stats:24', computation.run({ total: 1 }))),
    );

    expect(computation.calls).toBe(1);
    expect(new Set(answers).size).toBe(1);
  });

  it('should reuse an answer until it is older than STATS_CACHE_MS, then compute again', async () => {
    const sut = cacheFor(100);
    const computation = new Computation();
    // The cache's clock, moved by the test: a slow machine cannot make the answer expire early.
    let now = 1_000_000;
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);

    try {
      await sut.get('stats:24', computation.run(1, 1));
      expect(await sut.get('stats:24', computation.run(2, 1))).toBe(1);
      now += 150;
      expect(await sut.get('stats:24', computation.run(3, 1))).toBe(3);
    } finally {
      clock.mockRestore();
    }

    expect(computation.calls).toBe(2);
  });

  it('should run one computation at a time, whatever the keys', async () => {
    const sut = cacheFor(5000);
    const computation = new Computation();

    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map((hours) => sut.get(`stats:${hours}`, computation.run(hours))),
    );

    expect(answers).toEqual([1, 2, 3, 4, 5]);
    expect(computation.calls).toBe(5);
    expect(computation.mostAtOnce).toBe(1);
  });

  it('should not keep a failure: the next caller computes again', async () => {
    const sut = cacheFor(5000);

    await expect(sut.get('stats:24', () => Promise.reject(new Error('db down')))).rejects.toThrow(
      'db down',
    );

    await expect(sut.get('stats:24', () => Promise.resolve('fresh'))).resolves.toBe('fresh');
  });

  it('should still join a running computation when answers are not kept at all', async () => {
    const sut = cacheFor(0);
    const computation = new Computation();

    await Promise.all([1, 2, 3].map(() => sut.get('stats:24', computation.run('x'))));
    await sut.get('stats:24', computation.run('y'));

    expect(computation.calls).toBe(2);
  });
});
