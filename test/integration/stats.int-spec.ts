import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { MessageStatus } from 'src/core/message-status';
import { OutboundStatus } from 'src/core/outbound-status';
import { RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import { StatsController } from 'src/stats/stats.controller';
import type { StatsResponseDto } from 'src/stats/stats.dto';
import { StatsService } from 'src/stats/stats.service';
import { StatsRowFactory } from 'test/factories/stats-row.factory';
import { startStatsApp } from 'test/setup/stats-app';
import { TestDatabase, testDatabaseKinds, truncateAll } from 'test/setup/test-database';

const HOUR_MS = 3_600_000;
const NOW = new Date('2025-03-10T12:00:00.000Z');
const SINCE = new Date(NOW.getTime() - 24 * HOUR_MS);
// The window is `>= since`: the first instant is in, the millisecond before is out.
const AT_BOUNDARY = SINCE;
const JUST_OUTSIDE = new Date(SINCE.getTime() - 1);
const INSIDE = new Date(NOW.getTime() - HOUR_MS);
const LONG_AGO = new Date(SINCE.getTime() - 5 * HOUR_MS);

describe.each(testDatabaseKinds())('stats on %s', (kind) => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let dataSource: DataSource;
  let factory: StatsRowFactory;

  beforeAll(async () => {
    db = await TestDatabase.create(kind);
    app = await startStatsApp(db);
    dataSource = app.get(DataSource);
    factory = new StatsRowFactory(dataSource);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  beforeEach(async () => {
    await truncateAll(dataSource);
  });

  describe(StatsService.name, () => {
    let sut: StatsService;

    beforeEach(() => {
      sut = app.get(StatsService);
    });

    it('should answer zeros, empty breakdowns and nulls when the window is empty', async () => {
      await expect(sut.computeStats(24, NOW)).resolves.toEqual({
        window_hours: 24,
        since: '2025-03-09T12:00:00.000Z',
        generated_at: '2025-03-10T12:00:00.000Z',
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
    });

    it('should count only the rows inside the window, as plain numbers', async () => {
      const atBoundary = await factory.message({
        receivedAt: AT_BOUNDARY,
        duplicateCount: 2,
        processingMs: 100,
      });
      const second = await factory.message({ receivedAt: INSIDE, processingMs: 300 });
      const failed = await factory.message({
        platform: 'userlike',
        status: MessageStatus.Failed,
        receivedAt: INSIDE,
        duplicateCount: 1,
      });
      const technical = await factory.message({
        platform: 'kore',
        receivedAt: INSIDE,
        processingMs: 200,
      });
      await factory.message({
        platform: 'kindly',
        status: MessageStatus.Received,
        receivedAt: INSIDE,
        processingMs: 50,
      });
      await factory.message({ status: MessageStatus.Dead, receivedAt: INSIDE, processingMs: 400 });
      const outside = await factory.message({
        receivedAt: JUST_OUTSIDE,
        duplicateCount: 5,
        processingMs: 9999,
      });
      await factory.message({ platform: 'izer', receivedAt: LONG_AGO, processingMs: 1 });

      await factory.analysis(atBoundary, {
        createdAt: AT_BOUNDARY,
        urgencyScore: 9,
        category: 'complaint',
        sentiment: 'negative',
        priorityLevel: 'critical',
        isActionRequired: true,
        analyzer: 'openai',
      });
      await factory.analysis(second, { createdAt: INSIDE, urgencyScore: 3, category: 'support' });
      await factory.analysis(failed, {
        createdAt: INSIDE,
        urgencyScore: 4,
        category: 'support',
        sentiment: 'negative',
        priorityLevel: 'high',
        isActionRequired: true,
      });
      await factory.analysis(outside, {
        createdAt: JUST_OUTSIDE,
        urgencyScore: 10,
        category: 'technical',
        priorityLevel: 'critical',
        isActionRequired: true,
      });

      await factory.routing(atBoundary, {
        agent: 'business_workflow',
        status: RoutingAttemptStatus.Failed,
        latencyMs: 5000,
        createdAt: AT_BOUNDARY,
      });
      await factory.routing(atBoundary, {
        agent: 'agent_hub',
        status: RoutingAttemptStatus.Succeeded,
        latencyMs: 120,
        isFallback: true,
        createdAt: INSIDE,
      });
      await factory.routing(second, {
        agent: 'general_purpose',
        status: RoutingAttemptStatus.Succeeded,
        latencyMs: 80,
        createdAt: INSIDE,
      });
      await factory.routing(second, {
        agent: 'general_purpose',
        status: RoutingAttemptStatus.Succeeded,
        latencyMs: 101,
        createdAt: INSIDE,
      });
      await factory.routing(failed, {
        agent: 'business_workflow',
        status: RoutingAttemptStatus.Skipped,
        latencyMs: 0,
        createdAt: INSIDE,
      });
      await factory.routing(technical, {
        agent: 'code_debugger',
        status: RoutingAttemptStatus.Succeeded,
        latencyMs: 301,
        createdAt: INSIDE,
      });
      await factory.routing(outside, {
        agent: 'general_purpose',
        status: RoutingAttemptStatus.Failed,
        latencyMs: 9000,
        createdAt: JUST_OUTSIDE,
      });

      await factory.outbound(OutboundStatus.Sent, AT_BOUNDARY);
      await factory.outbound(OutboundStatus.Delivered, INSIDE);
      await factory.outbound(OutboundStatus.Delivered, INSIDE);
      await factory.outbound(OutboundStatus.Failed, INSIDE);
      await factory.outbound(OutboundStatus.Queued, JUST_OUTSIDE);

      await expect(sut.computeStats(24, NOW)).resolves.toEqual({
        window_hours: 24,
        since: '2025-03-09T12:00:00.000Z',
        generated_at: '2025-03-10T12:00:00.000Z',
        messages: {
          total: 6,
          duplicates: 3,
          by_platform: { kindly: 1, kore: 1, userlike: 1, whatsapp: 3 },
          by_status: { dead: 1, done: 3, failed: 1, received: 1 },
        },
        analysis: {
          average_urgency: 5.33,
          by_category: { complaint: 1, support: 2 },
          by_priority: { critical: 1, high: 1, normal: 1 },
          by_sentiment: { negative: 2, neutral: 1 },
          action_required: 2,
          by_analyzer: { heuristic: 2, openai: 1 },
        },
        routing: {
          total: 6,
          succeeded: 4,
          failed: 1,
          by_agent: {
            agent_hub: { total: 1, succeeded: 1, failed: 0, average_latency_ms: 120 },
            business_workflow: { total: 2, succeeded: 0, failed: 1, average_latency_ms: 5000 },
            code_debugger: { total: 1, succeeded: 1, failed: 0, average_latency_ms: 301 },
            general_purpose: { total: 2, succeeded: 2, failed: 0, average_latency_ms: 91 },
          },
        },
        outbound: { total: 4, by_status: { delivered: 2, failed: 1, sent: 1 } },
        latency_ms: { processing_p50: 200, processing_p95: 400 },
      });
    });

    it('should widen the window with the hours asked for', async () => {
      await factory.message({ receivedAt: INSIDE });
      await factory.message({ platform: 'izer', receivedAt: LONG_AGO });

      const stats = await sut.computeStats(48, NOW);

      expect(stats.since).toBe('2025-03-08T12:00:00.000Z');
      expect(stats.messages.by_platform).toEqual({ izer: 1, whatsapp: 1 });
    });

    it('should pick nearest-rank percentiles over the timed messages only', async () => {
      for (const processingMs of [20, 3, 17, 1, 9, 12, 5, 14, 2, 19, 8, 11, 4, 16, 7, 13, 6, 18]) {
        await factory.message({ receivedAt: INSIDE, processingMs });
      }
      await factory.message({ receivedAt: INSIDE, processingMs: 10 });
      await factory.message({ receivedAt: INSIDE, processingMs: 15 });
      await factory.message({ receivedAt: INSIDE, processingMs: null });
      await factory.message({ receivedAt: JUST_OUTSIDE, processingMs: 1000 });

      const stats = await sut.computeStats(24, NOW);

      // 20 timed values 1..20: rank ceil(0.5 * 20) = 10, rank ceil(0.95 * 20) = 19.
      expect(stats.latency_ms).toEqual({ processing_p50: 10, processing_p95: 19 });
      expect(stats.messages.total).toBe(21);
    });
  });

  describe(StatsController.name, () => {
    it.each(['0', 'abc', '1000', '1.5', '721', '-3', '', '1e2', '0x10', ' 24', '24abc'])(
      'should answer 400 naming hours for hours=%p',
      async (hours) => {
        const response = await app.inject({ method: 'GET', url: `/stats?hours=${hours}` });

        expect(response.statusCode).toBe(400);
        const body = response.json<{ message: string; fields: { field: string }[] }>();
        expect(body.fields.map((f) => f.field)).toEqual(['hours']);
        expect(body.message).toContain('hours');
      },
    );

    it('should answer the last 24 hours by default with every key of the contract', async () => {
      await factory.message({ receivedAt: new Date(Date.now() - 60_000), processingMs: 42 });

      const response = await app.inject({ method: 'GET', url: '/stats' });

      expect(response.statusCode).toBe(200);
      const body = response.json<StatsResponseDto>();
      expect(Object.keys(body).sort()).toEqual(
        [
          'window_hours',
          'since',
          'generated_at',
          'messages',
          'analysis',
          'routing',
          'outbound',
          'latency_ms',
        ].sort(),
      );
      expect(body.window_hours).toBe(24);
      expect(Date.parse(body.generated_at) - Date.parse(body.since)).toBe(24 * HOUR_MS);
      expect(body.messages).toEqual({
        total: 1,
        duplicates: 0,
        by_platform: { whatsapp: 1 },
        by_status: { done: 1 },
      });
      expect(Object.keys(body.analysis).sort()).toEqual([
        'action_required',
        'average_urgency',
        'by_analyzer',
        'by_category',
        'by_priority',
        'by_sentiment',
      ]);
      expect(body.routing).toEqual({ total: 0, succeeded: 0, failed: 0, by_agent: {} });
      expect(body.outbound).toEqual({ total: 0, by_status: {} });
      expect(body.latency_ms).toEqual({ processing_p50: 42, processing_p95: 42 });
    });

    it('should accept the widest window', async () => {
      const response = await app.inject({ method: 'GET', url: '/stats?hours=720' });

      expect(response.statusCode).toBe(200);
      expect(response.json<{ window_hours: number }>().window_hours).toBe(720);
    });
  });
});
