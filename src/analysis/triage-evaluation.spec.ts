import { Category, PriorityLevel } from 'src/core/message-analysis';
import { evaluateTriage, isNotWorse } from 'src/analysis/triage-evaluation';
import type { LabelledMessage } from 'src/analysis/triage-training';

const row = (
  text: string,
  category: Category | null,
  urgency: 'urgent' | 'routine',
  lang = 'en',
): LabelledMessage => ({
  text,
  lang,
  domain: 'bike_shop',
  category,
  urgency,
  priority_level: urgency === 'urgent' ? PriorityLevel.High : PriorityLevel.Normal,
});

describe(evaluateTriage.name, () => {
  it('should count urgent recall, urgency and category agreement as TRIAGE.md 4 says', () => {
    const rows = [
      row('a', Category.Sales, 'urgent'),
      row('b', Category.Support, 'urgent'),
      row('c', Category.Complaint, 'routine'),
      row('d', null, 'routine', 'tr'),
    ];
    const answers: Record<string, [Category, PriorityLevel]> = {
      a: [Category.Sales, PriorityLevel.Critical],
      b: [Category.Technical, PriorityLevel.Normal],
      c: [Category.Complaint, PriorityLevel.High],
      d: [Category.General, PriorityLevel.Low],
    };

    const sut = evaluateTriage(rows, (text) => ({
      category: answers[text][0],
      priorityLevel: answers[text][1],
    }));

    expect(sut.overall).toEqual({
      messages: 4,
      urgent: 2,
      urgentRecall: 0.5,
      urgencyAgreement: 0.5,
      scored: 3,
      categoryAgreement: 2 / 3,
    });
    expect(sut.byLanguage.tr).toEqual({
      messages: 1,
      urgent: 0,
      urgentRecall: null,
      urgencyAgreement: 1,
      scored: 0,
      categoryAgreement: null,
    });
    expect(sut.confusion).toEqual({
      sales: { sales: 1 },
      support: { technical: 1 },
      complaint: { complaint: 1 },
    });
  });
});

describe(isNotWorse.name, () => {
  const figures = {
    messages: 10,
    urgent: 4,
    urgentRecall: 0.75,
    urgencyAgreement: 0.9,
    scored: 10,
    categoryAgreement: 0.8,
  };

  it('should accept equal or better figures and refuse any worse one', () => {
    expect(isNotWorse(figures, figures)).toBe(true);
    expect(isNotWorse({ ...figures, categoryAgreement: 0.81 }, figures)).toBe(true);
    expect(isNotWorse({ ...figures, urgentRecall: 0.74, categoryAgreement: 0.9 }, figures)).toBe(
      false,
    );
  });
});
