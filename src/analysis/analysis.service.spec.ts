import { Logger } from '@nestjs/common';
import type { VipMatch } from 'src/analysis/analysis-merge';
import { AnalysisService } from 'src/analysis/analysis.service';
import { BotOptimizerService } from 'src/analysis/bot-optimizer.service';
import type { EngagementEventRepository } from 'src/analysis/engagement-event.repository';
import { AnalyzerKind, Category, PriorityLevel, Sentiment } from 'src/core/message-analysis';
import {
  type ScorerInput,
  type ScorerResult,
  type UrgencyScorer,
} from 'src/analysis/urgency-scorer';
import { ScorerFailure } from 'src/core/scorer-failure';
import { correctionKeyOf, TriageClassifier } from 'src/analysis/triage-classifier.service';
import type { TriageLabel } from 'src/analysis/triage-label.entity';
import type { VipCriteria, VipRepository } from 'src/analysis/vip.repository';
import { buildInboundMessage } from 'test/factories/inbound-message.factory';
import { emptyTriageRepository, tinyTriageModel } from 'test/factories/triage-model.factory';

class FakeScorer implements UrgencyScorer {
  isEnabled = true;
  inputs: ScorerInput[] = [];
  constructor(private readonly answer: () => Promise<ScorerResult>) {}

  score(input: ScorerInput): Promise<ScorerResult> {
    this.inputs.push(input);
    return this.answer();
  }
}

describe(AnalysisService.name, () => {
  let vipMatches: VipMatch[];
  let vipRules: jest.Mocked<Pick<VipRepository, 'findMatches'>>;
  let optimizer: BotOptimizerService;
  let classifier: TriageClassifier;

  beforeEach(() => {
    vipMatches = [];
    vipRules = { findMatches: jest.fn((_criteria: VipCriteria) => Promise.resolve(vipMatches)) };
    classifier = new TriageClassifier(emptyTriageRepository());
    classifier.use(tinyTriageModel(), 0);
    optimizer = new BotOptimizerService({} as EngagementEventRepository, classifier);
  });

  function build(scorer: UrgencyScorer): AnalysisService {
    return new AnalysisService(scorer, classifier, vipRules as unknown as VipRepository, optimizer);
  }

  it('should use the model result when the model answers', async () => {
    const scorer = new FakeScorer(() =>
      Promise.resolve({
        isSuccess: true,
        model: 'gpt-4o-mini',
        output: {
          urgencyScore: 5,
          category: Category.Support,
          sentiment: Sentiment.Negative,
          keywords: ['zincir'],
          isActionRequired: true,
          language: 'tr',
          reasoning: 'Chain problem.',
        },
      }),
    );
    const sut = build(scorer);

    const analysis = await sut.analyze(
      buildInboundMessage({
        text: 'Zincir sürekli çıkıyor',
        history: [{ sender: 'Ayşe', content: 'Merhaba', sentAt: null, type: 'text' }],
      }),
    );

    expect(analysis).toMatchObject({
      analyzer: AnalyzerKind.OpenAi,
      model: 'gpt-4o-mini',
      urgencyScore: 5,
      category: Category.Support,
      priorityLevel: PriorityLevel.Normal,
      shouldNotify: false,
    });
    expect(scorer.inputs).toEqual([
      { message: 'Zincir sürekli çıkıyor', history: ['Ayşe: Merhaba'] },
    ]);
  });

  it('should fall back to the offline classifier and say why when the model fails', async () => {
    const sut = build(
      new FakeScorer(() => Promise.resolve({ isSuccess: false, failure: ScorerFailure.Timeout })),
    );

    const analysis = await sut.analyze(
      buildInboundMessage({ text: 'Merhaba, bisikletim ne zaman gelir?' }),
    );

    expect(analysis).toMatchObject({
      analyzer: AnalyzerKind.Heuristic,
      model: tinyTriageModel().version,
      category: Category.Support,
      priorityLevel: PriorityLevel.Normal,
    });
    expect(analysis.reasoning).toMatch(/^openai unavailable: timeout; /);
  });

  it('should never throw when the scorer does', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const sut = build(new FakeScorer(() => Promise.reject(new Error('boom'))));

    const analysis = await sut.analyze(buildInboundMessage({ text: 'URGENT: fire in the shop' }));

    expect(warn).toHaveBeenCalledWith('urgency scorer threw: Error');
    warn.mockRestore();
    expect(analysis.analyzer).toBe(AnalyzerKind.Heuristic);
    expect(analysis.reasoning).toMatch(/^openai unavailable: error; /);
    expect(analysis.shouldNotify).toBe(true);
  });

  it('should not call a disabled scorer or send it empty text', async () => {
    const disabled = new FakeScorer(() => Promise.reject(new Error('not expected')));
    disabled.isEnabled = false;
    const enabled = new FakeScorer(() => Promise.reject(new Error('not expected')));

    const withoutKey = await build(disabled).analyze(buildInboundMessage({ text: 'hello' }));
    const withoutText = await build(enabled).analyze(buildInboundMessage({ text: '   ' }));

    expect(withoutKey.reasoning).toMatch(/^openai disabled: no API key; /);
    expect(withoutText.reasoning).toMatch(/^openai skipped: no text; /);
    expect(disabled.inputs).toHaveLength(0);
    expect(enabled.inputs).toHaveLength(0);
  });

  it('should apply VIP boosts matched on the sender and the chat', async () => {
    vipMatches = [{ kind: 'group', id: 4, name: 'Management', boost: 3 }];
    const disabled = new FakeScorer(() => Promise.reject(new Error('not expected')));
    disabled.isEnabled = false;

    const analysis = await build(disabled).analyze(
      buildInboundMessage({
        text: 'Merhaba, bisikletim ne zaman gelir?',
        conversationName: 'Management',
        sender: { id: 'u-1', name: 'Ayşe', phone: '+905551234567' },
      }),
    );

    expect(vipRules.findMatches).toHaveBeenCalledWith({
      phone: '+905551234567',
      platformUserId: 'u-1',
      names: ['Management', 'Ayşe'],
    });
    const unboosted = classifier.analyze('Merhaba, bisikletim ne zaman gelir?').analysis;
    expect(analysis).toMatchObject({
      urgencyScore: Math.min(10, unboosted.urgencyScore + 3),
      vipBoost: 3,
      shouldNotify: true,
    });
    expect(analysis.priorityLevel).toBe(PriorityLevel.High);
  });

  it('should read attachment captions as part of the text', async () => {
    const disabled = new FakeScorer(() => Promise.reject(new Error('not expected')));
    disabled.isEnabled = false;

    const analysis = await build(disabled).analyze(
      buildInboundMessage({
        text: '',
        attachments: [{ type: 'image', caption: 'URGENT: fork snapped while riding' }],
      }),
    );

    expect(analysis.urgencyScore).toBeGreaterThanOrEqual(7);
  });

  it('should not ask the model about a text an operator corrected', async () => {
    const scorer = new FakeScorer(() => Promise.reject(new Error('not expected')));
    const text = 'Where is your shop located?';
    classifier.remember({
      id: 3,
      textKey: correctionKeyOf(text),
      category: Category.Sales,
      priorityLevel: PriorityLevel.High,
    } as TriageLabel);

    const analysis = await build(scorer).analyze(
      buildInboundMessage({ text: 'WHERE is your shop located' }),
    );

    expect(scorer.inputs).toHaveLength(0);
    expect(analysis).toMatchObject({ category: Category.Sales, priorityLevel: PriorityLevel.High });
    expect(analysis.reasoning).toMatch(/^openai skipped: an operator corrected this text; /);
    expect(analysis.reasoning).toContain('operator correction #3: sales, high');
  });
});
