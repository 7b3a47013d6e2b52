import type { StatsResponseDto } from 'src/stats/stats.dto';
import { StatsRowFactory } from 'test/factories/stats-row.factory';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds } from 'test/setup/test-database';

// Creating a MariaDB schema, migrating it and booting the app is slow on a busy machine.
const BOOT_TIMEOUT_MS = 120_000;
// Long enough that the cached read below comes well within it, even on a busy machine.
const CACHE_MS = 2000;
const RATE_LIMIT = 4;

describe.each(testDatabaseKinds())('public statistics under load on %s', (kind) => {
  let database: TestDatabase;
  let sut: TestApp;

  const inject = (url: string, remoteAddress: string) =>
    sut.app.getHttpAdapter().getInstance().inject({ method: 'GET', url, remoteAddress });

  beforeAll(async () => {
    database = await TestDatabase.create(kind);
    sut = await TestApp.start(database, {
      STATS_CACHE_MS: String(CACHE_MS),
      STATS_RATE_LIMIT: String(RATE_LIMIT),
    });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await sut?.close();
    await database?.drop();
  });

  it('should answer from the cached result for STATS_CACHE_MS, then count again', async () => {
    const factory = new StatsRowFactory(sut.dataSource);
    const total = async (): Promise<number> =>
      (await inject('/stats?hours=3', '10.0.0.1')).json<StatsResponseDto>().messages.total;
    const first = await inject('/stats?hours=3', '10.0.0.1');
    const before = first.json<StatsResponseDto>();

    await factory.message({ receivedAt: new Date(Date.now() - 60_000) });
    const cached = await inject('/stats?hours=3', '10.0.0.1');

    expect(cached.json<StatsResponseDto>()).toEqual(before);
    await new Promise((resolve) => setTimeout(resolve, CACHE_MS + 100));
    expect(await total()).toBe(before.messages.total + 1);
  });

  it.each(['/stats?hours=2', '/stats/timeseries?hours=2&bucket=5m'])(
    'should answer 429 with Retry-After to a client over STATS_RATE_LIMIT calls a minute on %s, and only to that client',
    async (url) => {
      const statuses: number[] = [];
      for (let i = 0; i <= RATE_LIMIT; i += 1) {
        statuses.push((await inject(url, '10.0.0.7')).statusCode);
      }
      const refused = await inject(url, '10.0.0.7');
      const other = await inject(url, '10.0.0.8');
      const health = await sut.get('/health');

      expect(statuses).toEqual([...Array<number>(RATE_LIMIT).fill(200), 429]);
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.json()).toMatchObject({ statusCode: 429 });
      expect(other.statusCode).toBe(200);
      expect(health.status).toBe(200);
    },
  );

  it('should compute once for many callers asking at the same time', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        inject('/stats/timeseries?hours=720&bucket=1d', `10.1.0.${i}`),
      ),
    );

    expect(answers.map((answer) => answer.statusCode)).toEqual(Array<number>(12).fill(200));
    // One computation: one generation time for all.
    const generated = new Set(
      answers.map((answer) => answer.json<{ generated_at: string }>().generated_at),
    );
    expect(generated.size).toBe(1);
  });

  it('should keep the rate limit off the other routes', async () => {
    const statuses = await Promise.all(
      Array.from({ length: RATE_LIMIT * 3 }, () => sut.get('/health/live').then((r) => r.status)),
    );

    expect(statuses).toEqual(Array<number>(RATE_LIMIT * 3).fill(200));
  });
});
