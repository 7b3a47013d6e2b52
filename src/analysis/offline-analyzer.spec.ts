import {
  AnalyzerKind,
  Category,
  PriorityLevel,
  ResponseTime,
  Sentiment,
} from 'src/core/message-analysis';
import { analyzeOffline } from 'src/analysis/offline-analyzer';
import { priorityFor } from 'src/analysis/urgency-derivation';
import { tinyTriageModel } from 'test/factories/triage-model.factory';

describe(analyzeOffline.name, () => {
  const model = tinyTriageModel();

  it('should answer with the classifier on a text it was trained on', () => {
    const { analysis } = analyzeOffline('Merhaba, bisikletim ne zaman gelir?', model);

    expect(analysis).toMatchObject({
      category: Category.Support,
      priorityLevel: PriorityLevel.Normal,
      recommendedResponseTime: ResponseTime.FourHours,
      sentiment: Sentiment.Neutral,
      isActionRequired: true,
      language: 'tr',
      analyzer: AnalyzerKind.Heuristic,
      model: model.version,
    });
    expect(priorityFor(analysis.urgencyScore)).toBe(PriorityLevel.Normal);
    expect(analysis.reasoning).toMatch(new RegExp(`^classifier ${model.version}: support`));
  });

  it('should let the safety floor raise what the classifier called routine', () => {
    const text = 'Are you open on Sunday? There is a gas leak in the shop';
    const { analysis, floor } = analyzeOffline(text, model);

    expect(model.predict(text).priority).toBe(PriorityLevel.Low);
    expect(floor.priority).toBe(PriorityLevel.Critical);
    expect(analysis.priorityLevel).toBe(PriorityLevel.Critical);
    expect(analysis.urgencyScore).toBeGreaterThanOrEqual(9);
    expect(analysis.sentiment).toBe(Sentiment.Urgent);
    expect(analysis.reasoning).toContain('safety floor (danger) raised low to critical');
  });

  it('should let a negated urgency lower what the floor did not raise', () => {
    const text = 'You charged me twice for the same order, refund it now!';
    const urgent = analyzeOffline('Checkout shows error 500, I cannot pay', model).analysis;
    const negated = analyzeOffline('not urgent: checkout shows error 500 sometimes', model);

    expect(urgent.priorityLevel).toBe(PriorityLevel.High);
    expect(negated.floor.isUrgencyNegated).toBe(true);
    expect([PriorityLevel.Normal, PriorityLevel.Low]).toContain(negated.analysis.priorityLevel);
    // Money taken twice is a floor reason: negation does not lower it.
    expect(analyzeOffline(`no rush, but ${text}`, model).analysis.priorityLevel).toBe(
      PriorityLevel.High,
    );
  });

  it('should let an operator correction win over the classifier and the floor', () => {
    const { analysis } = analyzeOffline('The battery is smoking and smells of burning', model, {
      id: 7,
      category: Category.Support,
      priorityLevel: PriorityLevel.Normal,
    });

    expect(analysis).toMatchObject({
      category: Category.Support,
      priorityLevel: PriorityLevel.Normal,
      sentiment: Sentiment.Neutral,
    });
    expect(analysis.reasoning).toContain('operator correction #7: support, normal');
  });

  it('should keep the classifier where a correction leaves a field out', () => {
    const { analysis } = analyzeOffline('How much is the trekking bike in size L?', model, {
      id: 8,
      category: null,
      priorityLevel: PriorityLevel.High,
    });

    expect(analysis.category).toBe(Category.Sales);
    expect(analysis.priorityLevel).toBe(PriorityLevel.High);
  });

  it('should call a message without words general, low and of no language', () => {
    const { analysis } = analyzeOffline('  ...  ', model);

    expect(analysis).toMatchObject({
      category: Category.General,
      priorityLevel: PriorityLevel.Low,
      language: 'und',
      isActionRequired: false,
      keywords: [],
    });
  });

  it('should see thanks as positive', () => {
    expect(analyzeOffline('Tusen takk, god helg', model).analysis.sentiment).toBe(
      Sentiment.Positive,
    );
  });
});
