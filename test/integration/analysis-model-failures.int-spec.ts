import { TriageModel } from 'src/analysis/triage-model';
import { shippedTriageOf } from 'test/factories/triage-model.factory';
import {
  AnalyzerKind,
  Category,
  PriorityLevel,
  ResponseTime,
  Sentiment,
} from 'src/core/message-analysis';
import { buildInboundMessage } from 'test/factories/inbound-message.factory';
import { chatCompletion } from 'test/factories/openai-completion.factory';
import { testDatabaseKinds } from 'test/setup/test-database';
import {
  AnalysisModuleHarness,
  MODEL,
  SUPPORT_ANSWER,
  TIMEOUT_MS,
} from 'test/setup/analysis-module-harness';

describe.each(testDatabaseKinds())('AnalysisModule on %s', (kind) => {
  const harness = AnalysisModuleHarness.use(kind);
  const { analyzer } = harness;

  describe('with the model failing', () => {
    it('should answer with the heuristic after a timeout, without retrying it', async () => {
      harness.stub.respondWith(() => ({
        ...chatCompletion(SUPPORT_ANSWER, MODEL),
        delayMs: TIMEOUT_MS * 3,
      }));
      const sut = await analyzer({ OPENAI_MAX_RETRIES: '2' });

      const analysis = await sut.analyze(
        buildInboundMessage({ text: 'Merhaba, bisikletim ne zaman gelir?' }),
      );

      // No clock: a client that waited for the late answer would have used it (analyzer openai).
      const offline = shippedTriageOf('Merhaba, bisikletim ne zaman gelir?');
      expect(analysis).toMatchObject({
        analyzer: AnalyzerKind.Heuristic,
        model: TriageModel.shipped().version,
        urgencyScore: offline.urgencyScore,
        category: Category.Support,
        sentiment: Sentiment.Neutral,
        priorityLevel: PriorityLevel.Normal,
        isActionRequired: true,
        recommendedResponseTime: ResponseTime.FourHours,
        language: 'tr',
      });
      expect(analysis.reasoning).toMatch(/^openai unavailable: timeout; classifier triage-/);
      expect(harness.stub.requests).toHaveLength(1);
    });

    it('should retry a 500 the configured number of times, then fall back', async () => {
      harness.stub.respondWith(() => ({ status: 500, body: { error: { message: 'internal' } } }));
      const sut = await analyzer({ OPENAI_MAX_RETRIES: '1' });

      const analysis = await sut.analyze(
        buildInboundMessage({ text: 'Merhaba, bisikletim ne zaman gelir?' }),
      );

      expect(analysis.analyzer).toBe(AnalyzerKind.Heuristic);
      expect(analysis.reasoning).toMatch(/^openai unavailable: server error; /);
      expect(harness.stub.requests).toHaveLength(2);
    });

    it('should give up on 429 after the retries', async () => {
      harness.stub.respondWith(() => ({
        status: 429,
        headers: { 'retry-after': '0' },
        body: { error: { message: 'rate limited' } },
      }));
      const sut = await analyzer({ OPENAI_MAX_RETRIES: '2' });

      const analysis = await sut.analyze(
        buildInboundMessage({ text: 'Merhaba, bisikletim ne zaman gelir?' }),
      );

      expect(analysis.reasoning).toMatch(/^openai unavailable: rate limited \(429\); /);
      expect(harness.stub.requests).toHaveLength(3);
    });

    it('should treat garbage content as a failure without retrying it', async () => {
      harness.stub.respondWith(() => chatCompletion('Sure! The urgency is probably high.', MODEL));
      const sut = await analyzer({ OPENAI_MAX_RETRIES: '2' });

      const analysis = await sut.analyze(
        buildInboundMessage({ text: 'Merhaba, bisikletim ne zaman gelir?' }),
      );

      expect(analysis.analyzer).toBe(AnalyzerKind.Heuristic);
      expect(analysis.urgencyScore).toBe(4);
      expect(analysis.reasoning).toMatch(/^openai unavailable: invalid output; /);
      expect(harness.stub.requests).toHaveLength(1);
    });

    it('should reject output outside the enums and ranges', async () => {
      harness.stub.respondWith(() =>
        harness.stub.requests.length === 1
          ? chatCompletion({ ...SUPPORT_ANSWER, category: 'billing' }, MODEL)
          : chatCompletion({ ...SUPPORT_ANSWER, urgency_score: 11 }, MODEL),
      );
      const sut = await analyzer();

      const first = await sut.analyze(
        buildInboundMessage({ text: 'Merhaba, bisikletim ne zaman gelir?' }),
      );
      const second = await sut.analyze(
        buildInboundMessage({ text: 'Merhaba, bisikletim ne zaman gelir?' }),
      );

      for (const analysis of [first, second]) {
        expect(analysis.analyzer).toBe(AnalyzerKind.Heuristic);
        expect(analysis.category).toBe(Category.Support);
        expect(analysis.reasoning).toMatch(/^openai unavailable: invalid output; /);
      }
      expect(harness.stub.requests).toHaveLength(2);
    });

    it('should open the circuit after 5 failed calls and stop calling the API', async () => {
      harness.stub.respondWith(() => ({ status: 500, body: { error: { message: 'down' } } }));
      const sut = await analyzer();

      const results = [];
      for (let call = 0; call < 8; call += 1) {
        results.push(
          await sut.analyze(buildInboundMessage({ text: 'Merhaba, bisikletim ne zaman gelir?' })),
        );
      }

      expect(harness.stub.requests).toHaveLength(5);
      expect(results.map((analysis) => analysis.reasoning.split(';')[0])).toEqual([
        ...Array<string>(5).fill('openai unavailable: server error'),
        ...Array<string>(3).fill('openai unavailable: circuit open'),
      ]);
      expect(results.every((analysis) => analysis.urgencyScore === 4)).toBe(true);
    });

    it('should not call the API at all without a key', async () => {
      const sut = await analyzer({ OPENAI_API_KEY: '' });

      const analysis = await sut.analyze(buildInboundMessage({ text: 'URGENT: fire in the shop' }));

      expect(analysis.analyzer).toBe(AnalyzerKind.Heuristic);
      expect(analysis.reasoning).toMatch(/^openai disabled: no API key; /);
      expect(analysis.priorityLevel).toBe(PriorityLevel.Critical);
      expect(harness.stub.requests).toHaveLength(0);
    });
  });
});
