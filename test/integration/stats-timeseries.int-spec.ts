import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { MessageStatus } from 'src/core/message-status';
import { OutboundStatus } from 'src/core/outbound-status';
import { RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import type { TimeseriesResponseDto } from 'src/stats/stats-timeseries.dto';
import { StatsService } from 'src/stats/stats.service';
import type { TimeBucket } from 'src/stats/time-buckets';
import { StatsRowFactory } from 'test/factories/stats-row.factory';
import { seedTraffic } from 'test/factories/traffic.factory';
import { startStatsApp } from 'test/setup/stats-app';
import { TestDatabase, testDatabaseKinds, truncateAll } from 'test/setup/test-database';

const NOW = new Date('2025-03-10T12:00:00.000Z');
const at = (iso: string): Date => new Date(iso);

describe.each(testDatabaseKinds())('stats timeseries on %s', (kind) => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let dataSource: DataSource;
  let sut: StatsService;

  let factory: StatsRowFactory;

  const bucketAt = (series: TimeseriesResponseDto, iso: string) => {
    const found = series.buckets.find((bucket) => bucket.start === iso);
    if (!found) {
      throw new Error(`no bucket starts at ${iso}`);
    }
    return found;
  };

  beforeAll(async () => {
    db = await TestDatabase.create(kind);
    app = await startStatsApp(db);
    dataSource = app.get(DataSource);
    factory = new StatsRowFactory(dataSource);
    sut = app.get(StatsService);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  beforeEach(async () => {
    await truncateAll(dataSource);
  });

  describe(`${StatsService.name}.computeTimeseries`, () => {
    it('should answer every bucket of the window, empty ones included, oldest first', async () => {
      const series = await sut.computeTimeseries(24, '1h', NOW);

      expect(series).toMatchObject({
        window_hours: 24,
        bucket: '1h',
        bucket_seconds: 3600,
        since: '2025-03-09T12:00:00.000Z',
        generated_at: '2025-03-10T12:00:00.000Z',
      });
      // From the hour holding `since` to the hour holding `now`.
      expect(series.buckets).toHaveLength(25);
      expect(series.buckets[0].start).toBe('2025-03-09T12:00:00.000Z');
      expect(series.buckets[24].start).toBe('2025-03-10T12:00:00.000Z');
      expect(series.buckets[3]).toEqual({
        start: '2025-03-09T15:00:00.000Z',
        messages: { total: 0, duplicates: 0, by_platform: {}, by_status: {} },
        analysis: {
          average_urgency: null,
          by_category: {},
          by_priority: {},
          by_sentiment: {},
          action_required: 0,
          by_analyzer: {},
        },
        routing: { total: 0, succeeded: 0, failed: 0, by_agent: {} },
        outbound: { total: 0, by_status: {} },
        latency_ms: { processing_p50: null, processing_p95: null },
      });
      expect(series.totals).toMatchObject({ failed: 0, dead: 0, messages: { total: 0 } });
    });

    it('should put each row in the bucket of its UTC time, the edges included', async () => {
      await factory.message({ receivedAt: at('2025-03-10T10:00:00.000Z'), processingMs: 100 });
      await factory.message({ receivedAt: at('2025-03-10T10:59:59.999Z'), processingMs: 400 });
      await factory.message({ receivedAt: at('2025-03-10T10:30:00.000Z'), processingMs: 300 });
      await factory.message({
        receivedAt: at('2025-03-10T10:15:00.000Z'),
        processingMs: 200,
        platform: 'kore',
      });
      await factory.message({
        receivedAt: at('2025-03-10T11:00:00.000Z'),
        status: MessageStatus.Dead,
        platform: 'kore',
      });
      await factory.message({
        receivedAt: at('2025-03-10T11:30:00.000Z'),
        status: MessageStatus.Failed,
        duplicateCount: 2,
      });
      // The first instant of the window is in, the millisecond before is out.
      await factory.message({ receivedAt: at('2025-03-09T12:00:00.000Z'), platform: 'kindly' });
      await factory.message({ receivedAt: at('2025-03-09T11:59:59.999Z'), platform: 'kindly' });

      const series = await sut.computeTimeseries(24, '1h', NOW);

      expect(bucketAt(series, '2025-03-10T10:00:00.000Z').messages).toEqual({
        total: 4,
        duplicates: 0,
        by_platform: { kore: 1, whatsapp: 3 },
        by_status: { done: 4 },
      });
      expect(bucketAt(series, '2025-03-10T10:00:00.000Z').latency_ms).toEqual({
        processing_p50: 200,
        processing_p95: 400,
      });
      expect(bucketAt(series, '2025-03-10T11:00:00.000Z').messages).toEqual({
        total: 2,
        duplicates: 2,
        by_platform: { kore: 1, whatsapp: 1 },
        by_status: { dead: 1, failed: 1 },
      });
      expect(bucketAt(series, '2025-03-10T11:00:00.000Z').latency_ms).toEqual({
        processing_p50: null,
        processing_p95: null,
      });
      expect(series.buckets[0].messages.by_platform).toEqual({ kindly: 1 });
      expect(series.totals.messages.total).toBe(7);
      expect(series.totals.failed).toBe(1);
      expect(series.totals.dead).toBe(1);
    });

    it('should bucket analyses, routing attempts and outbound messages by their own time', async () => {
      const first = await factory.message({ receivedAt: at('2025-03-10T08:59:00.000Z') });
      const second = await factory.message({ receivedAt: at('2025-03-10T09:10:00.000Z') });
      await factory.analysis(first, {
        urgencyScore: 9,
        category: 'complaint',
        priorityLevel: 'critical',
        isActionRequired: true,
        createdAt: at('2025-03-10T09:00:00.500Z'),
      });
      await factory.analysis(second, {
        urgencyScore: 4,
        category: 'support',
        priorityLevel: 'normal',
        isActionRequired: false,
        createdAt: at('2025-03-10T09:10:01.000Z'),
      });
      await factory.routing(first, {
        agent: 'business_workflow',
        status: RoutingAttemptStatus.Failed,
        latencyMs: 100,
        createdAt: at('2025-03-10T09:00:01.000Z'),
      });
      await factory.routing(first, {
        agent: 'agent_hub',
        status: RoutingAttemptStatus.Succeeded,
        latencyMs: 300,
        createdAt: at('2025-03-10T09:00:02.000Z'),
      });
      await factory.outbound(OutboundStatus.Delivered, at('2025-03-10T09:00:03.000Z'));

      const series = await sut.computeTimeseries(6, '1h', NOW);

      expect(bucketAt(series, '2025-03-10T08:00:00.000Z').messages.total).toBe(1);
      expect(bucketAt(series, '2025-03-10T08:00:00.000Z').analysis.average_urgency).toBeNull();
      const nine = bucketAt(series, '2025-03-10T09:00:00.000Z');
      expect(nine.analysis).toMatchObject({
        average_urgency: 6.5,
        by_priority: { critical: 1, normal: 1 },
        by_category: { complaint: 1, support: 1 },
      });
      expect(nine.routing).toEqual({
        total: 2,
        succeeded: 1,
        failed: 1,
        by_agent: {
          agent_hub: { total: 1, succeeded: 1, failed: 0, average_latency_ms: 300 },
          business_workflow: { total: 1, succeeded: 0, failed: 1, average_latency_ms: 100 },
        },
      });
      expect(nine.outbound).toEqual({ total: 1, by_status: { delivered: 1 } });
    });

    it.each<[number, TimeBucket]>([
      [1, '5m'],
      [24, '15m'],
      [24, '1h'],
      [48, '6h'],
      [168, '1d'],
      [720, '1d'],
    ])(
      'should add up to the numbers of /stats over %p hours in %p buckets',
      async (hours, bucket) => {
        await seedTraffic(dataSource, { now: NOW, hours: 24 * 8 });
        const stats = await app.get(StatsService).computeStats(hours, NOW);

        const series = await sut.computeTimeseries(hours, bucket, NOW);

        expect(series.since).toBe(stats.since);
        expect(series.totals.messages).toEqual(stats.messages);
        expect(series.totals.analysis).toEqual(stats.analysis);
        expect(series.totals.routing).toEqual(stats.routing);
        expect(series.totals.outbound).toEqual(stats.outbound);
        expect(series.totals.failed).toBe(stats.messages.by_status.failed ?? 0);
        expect(series.totals.dead).toBe(stats.messages.by_status.dead ?? 0);
        const sum = (pick: (b: TimeseriesResponseDto['buckets'][number]) => number): number =>
          series.buckets.reduce((total, b) => total + pick(b), 0);
        expect(sum((b) => b.messages.total)).toBe(stats.messages.total);
        expect(sum((b) => b.routing.total)).toBe(stats.routing.total);
        expect(sum((b) => b.outbound.total)).toBe(stats.outbound.total);
        expect(sum((b) => b.messages.by_platform.whatsapp ?? 0)).toBe(
          stats.messages.by_platform.whatsapp ?? 0,
        );
      },
    );

    it('should give the percentiles of /stats when one bucket holds the whole window', async () => {
      const midnight = new Date('2025-03-10T00:00:00.000Z');
      await seedTraffic(dataSource, { now: midnight, hours: 30 });
      const stats = await app.get(StatsService).computeStats(24, midnight);

      const series = await sut.computeTimeseries(24, '1d', midnight);

      expect(series.buckets.map((b) => b.start)).toEqual([
        '2025-03-09T00:00:00.000Z',
        '2025-03-10T00:00:00.000Z',
      ]);
      expect(stats.latency_ms.processing_p50).not.toBeNull();
      expect(series.buckets[0].latency_ms).toEqual(stats.latency_ms);
    });
  });

  describe('GET /stats/timeseries', () => {
    const get = (query: string) =>
      app
        .getHttpAdapter()
        .getInstance()
        .inject({ method: 'GET', url: `/stats/timeseries${query}` });

    it('should default to 24 hours in 1-hour buckets', async () => {
      const response = await get('');

      expect(response.statusCode).toBe(200);
      const body = response.json<TimeseriesResponseDto>();
      expect(body.window_hours).toBe(24);
      expect(body.bucket).toBe('1h');
      expect(body.buckets.length).toBeGreaterThanOrEqual(25);
    });

    it.each(['?hours=1&bucket=5m', '?hours=720&bucket=1d', '?hours=168&bucket=6h'])(
      'should accept %p',
      async (query) => {
        expect((await get(query)).statusCode).toBe(200);
      },
    );

    it.each([
      ['?hours=0', 'hours'],
      ['?hours=721', 'hours'],
      ['?hours=1.5', 'hours'],
      ['?hours=abc', 'hours'],
      ['?bucket=2h', 'bucket'],
      ['?bucket=', 'bucket'],
      ['?bucket=1h&bucket=5m', 'bucket'],
    ])('should answer 400 naming the field for %p', async (query, field) => {
      const response = await get(query);

      expect(response.statusCode).toBe(400);
      expect(JSON.stringify(response.json())).toContain(field);
    });
  });
});
