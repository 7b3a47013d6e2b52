import { Category, isUrgent, type PriorityLevel } from 'src/core/message-analysis';
import type { LabelledMessage } from 'src/analysis/triage-training';

export interface TriageVerdict {
  category: Category;
  priorityLevel: PriorityLevel;
}

// TRIAGE.md 4: urgent recall, urgency agreement over all messages, category agreement over the
// messages whose category is not `null`.
export interface TriageFigures {
  messages: number;
  urgent: number;
  urgentRecall: number | null;
  urgencyAgreement: number | null;
  scored: number;
  categoryAgreement: number | null;
}

export interface TriageEvaluation {
  overall: TriageFigures;
  byLanguage: Record<string, TriageFigures>;
  byDomain: Record<string, TriageFigures>;
  // label → predicted → count, over the scored messages.
  confusion: Record<string, Record<string, number>>;
}

interface Tally {
  messages: number;
  urgent: number;
  urgentHit: number;
  urgencyAgreed: number;
  scored: number;
  categoryAgreed: number;
}

export function evaluateTriage(
  rows: readonly LabelledMessage[],
  classify: (text: string) => TriageVerdict,
): TriageEvaluation {
  const overall = emptyTally();
  const byLanguage = new Map<string, Tally>();
  const byDomain = new Map<string, Tally>();
  const confusion: Record<string, Record<string, number>> = {};
  for (const row of rows) {
    const verdict = classify(row.text);
    const tallies = [overall, tallyOf(byLanguage, row.lang), tallyOf(byDomain, row.domain)];
    const isUrgentLabel = row.urgency === 'urgent';
    const saysUrgent = isUrgent(verdict.priorityLevel);
    for (const tally of tallies) {
      tally.messages += 1;
      tally.urgencyAgreed += isUrgentLabel === saysUrgent ? 1 : 0;
      if (isUrgentLabel) {
        tally.urgent += 1;
        tally.urgentHit += saysUrgent ? 1 : 0;
      }
      if (row.category !== null) {
        tally.scored += 1;
        tally.categoryAgreed += verdict.category === row.category ? 1 : 0;
      }
    }
    if (row.category !== null) {
      const line = (confusion[row.category] ??= {});
      line[verdict.category] = (line[verdict.category] ?? 0) + 1;
    }
  }
  return {
    overall: figuresOf(overall),
    byLanguage: mapFigures(byLanguage),
    byDomain: mapFigures(byDomain),
    confusion,
  };
}

// A retrained model replaces the current one only when no figure is worse.
export function isNotWorse(candidate: TriageFigures, current: TriageFigures): boolean {
  const keys = ['urgentRecall', 'urgencyAgreement', 'categoryAgreement'] as const;
  return keys.every((key) => (candidate[key] ?? 0) >= (current[key] ?? 0));
}

export function formatTriageEvaluation(evaluation: TriageEvaluation): string {
  const header =
    '| | messages | urgent recall | urgency agreement | category agreement |\n|---|---|---|---|---|';
  const line = (name: string, figures: TriageFigures): string =>
    `| ${name} | ${figures.messages} | ${percent(figures.urgentRecall)} (${figures.urgent} urgent) | ` +
    `${percent(figures.urgencyAgreement)} | ${percent(figures.categoryAgreement)} (${figures.scored} scored) |`;
  const categories = Object.values(Category);
  const confusion = [
    `| label ↓ / predicted → | ${categories.join(' | ')} |`,
    `|---|${categories.map(() => '---').join('|')}|`,
    ...categories.map(
      (label) =>
        `| ${label} | ${categories.map((predicted) => evaluation.confusion[label]?.[predicted] ?? 0).join(' | ')} |`,
    ),
  ];
  return [
    header,
    line('**all**', evaluation.overall),
    ...Object.entries(evaluation.byLanguage).map(([name, figures]) => line(name, figures)),
    ...Object.entries(evaluation.byDomain).map(([name, figures]) => line(name, figures)),
    '',
    ...confusion,
  ].join('\n');
}

function percent(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)}%`;
}

function emptyTally(): Tally {
  return { messages: 0, urgent: 0, urgentHit: 0, urgencyAgreed: 0, scored: 0, categoryAgreed: 0 };
}

function tallyOf(tallies: Map<string, Tally>, key: string): Tally {
  let tally = tallies.get(key);
  if (!tally) {
    tally = emptyTally();
    tallies.set(key, tally);
  }
  return tally;
}

function figuresOf(tally: Tally): TriageFigures {
  const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
  return {
    messages: tally.messages,
    urgent: tally.urgent,
    urgentRecall: share(tally.urgentHit, tally.urgent),
    urgencyAgreement: share(tally.urgencyAgreed, tally.messages),
    scored: tally.scored,
    categoryAgreement: share(tally.categoryAgreed, tally.scored),
  };
}

function mapFigures(tallies: Map<string, Tally>): Record<string, TriageFigures> {
  return Object.fromEntries(
    [...tallies.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, tally]) => [key, figuresOf(tally)]),
  );
}
