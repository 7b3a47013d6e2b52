import { AnalysisService } from 'src/analysis/analysis.service';
import { AnalyticsResultRepository } from 'src/analysis/analytics-result.repository';
import { BotOptimizerService } from 'src/analysis/bot-optimizer.service';
import { EngagementEvent } from 'src/analysis/engagement-event.entity';
import { buildInboundMessage } from 'test/factories/inbound-message.factory';
import { insertWebhookMessage } from 'test/factories/webhook-message.factory';
import { testDatabaseKinds } from 'test/setup/test-database';
import { AnalysisModuleHarness } from 'test/setup/analysis-module-harness';

describe.each(testDatabaseKinds())('AnalysisModule on %s', (kind) => {
  const harness = AnalysisModuleHarness.use(kind);
  const { build } = harness;

  describe('stored results', () => {
    it('should keep one analytics row per message and update it on a repeat save', async () => {
      const module = await build({ OPENAI_API_KEY: '' });
      const sut = module.get(AnalyticsResultRepository);
      const analysis = await module
        .get(AnalysisService)
        .analyze(buildInboundMessage({ text: 'ACİL!!! Frenler tutmuyor 🚨' }));
      const { id: messageId } = await insertWebhookMessage(harness.dataSource, {
        externalId: 'wamid-store',
      });

      await sut.saveForMessage(messageId, { ...analysis, urgencyScore: 5 }, 12.4);
      await sut.saveForMessage(messageId, analysis, 8);

      const rows = await harness.dataSource.query<{ count: number | string }[]>(
        'SELECT COUNT(*) AS count FROM analytics_results WHERE message_id = ?',
        [messageId],
      );
      expect(Number(rows[0].count)).toBe(1);
      expect(await sut.findByMessageId(messageId)).toEqual(analysis);
      const [latency] = await harness.dataSource.query<{ latency_ms: number }[]>(
        'SELECT latency_ms FROM analytics_results WHERE message_id = ?',
        [messageId],
      );
      expect(Number(latency.latency_ms)).toBe(8);
      expect(await sut.findByMessageId(messageId + 1000)).toBeNull();
    });

    it('should write engagement events through the optimizer', async () => {
      const optimizer = (await build({ OPENAI_API_KEY: '' })).get(BotOptimizerService);
      const { id: messageId } = await insertWebhookMessage(harness.dataSource, {
        externalId: 'wamid-engagement',
      });

      await optimizer.recordEngagement({
        userId: 'user@example.com',
        eventType: 'message',
        isClicked: true,
        platform: 'kore',
        messageId,
      });
      await optimizer.recordEngagement({
        userId: 'user@example.com',
        eventType: 'click',
        isClicked: false,
      });

      const rows = await harness.dataSource
        .getRepository(EngagementEvent)
        .find({ where: { userId: 'user@example.com' }, order: { id: 'ASC' } });
      expect(
        rows.map(({ eventType, isClicked, platform, messageId: id }) => ({
          eventType,
          isClicked,
          platform,
          messageId: id,
        })),
      ).toEqual([
        { eventType: 'message', isClicked: true, platform: 'kore', messageId },
        { eventType: 'click', isClicked: false, platform: null, messageId: null },
      ]);
      expect(rows.every((row) => row.createdAt instanceof Date)).toBe(true);
    });
  });
});
