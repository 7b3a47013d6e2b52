// npm run triage:train — chooses the classifier's settings on the dev split, trains the model on
// train + dev and writes triage/model/triage-model.json.gz. The test split is not read here.
import { analyzeOffline } from 'src/analysis/offline-analyzer';
import { loadCorpus } from 'src/analysis/triage-corpus';
import { evaluateTriage, type TriageFigures } from 'src/analysis/triage-evaluation';
import type { TriageFeatureOptions } from 'src/analysis/triage-features';
import { SHIPPED_MODEL_PATH, TriageModel } from 'src/analysis/triage-model';
import {
  DEFAULT_TRAINING_OPTIONS,
  trainTriageModel,
  type LabelledMessage,
  type MemberOptions,
} from 'src/analysis/triage-training';

const FEATURE_SETS: Record<string, TriageFeatureOptions> = {
  words: { words: true, wordPairs: false, characterGrams: false },
  'words+pairs': { words: true, wordPairs: true, characterGrams: false },
  'words+pairs+chars': { words: true, wordPairs: true, characterGrams: true },
};
const ITERATIONS = [20, 40];
const LEARNING_RATES = [0.3, 0.6];
const THRESHOLDS = [0.25, 0.3, 0.35, 0.4, 0.45, 0.5];
// Urgent recall comes first (TRIAGE.md 4): a setting below this on the dev split is not taken,
// whatever its other figures (the target is 95% on messages never seen; dev keeps a point spare).
const DEV_RECALL_FLOOR = 0.96;

interface Candidate {
  name: string;
  members: MemberOptions[];
  model: TriageModel;
}

function figuresOn(rows: LabelledMessage[], model: TriageModel): TriageFigures {
  return evaluateTriage(rows, (text) => analyzeOffline(text, model).analysis).overall;
}

// Category agreement and urgency agreement weigh alike once recall is where it must be.
function scoreOf(figures: TriageFigures): number {
  const recall = figures.urgentRecall ?? 0;
  const shortfall = recall < DEV_RECALL_FLOOR ? 10 + (DEV_RECALL_FLOOR - recall) : 0;
  return (figures.categoryAgreement ?? 0) + (figures.urgencyAgreement ?? 0) - shortfall;
}

function show(name: string, figures: TriageFigures): void {
  const pct = (value: number | null): string =>
    value === null ? '–' : `${(value * 100).toFixed(1)}%`;
  process.stdout.write(
    `${name.padEnd(58)} urgent recall ${pct(figures.urgentRecall)}  urgency ` +
      `${pct(figures.urgencyAgreement)}  category ${pct(figures.categoryAgreement)}\n`,
  );
}

function main(): void {
  const train = loadCorpus('train');
  const dev = loadCorpus('dev');
  process.stdout.write(`train ${train.length} messages, dev ${dev.length} messages\n`);
  const singles: (Candidate & { featureName: string; score: number })[] = [];
  for (const [featureName, featureOptions] of Object.entries(FEATURE_SETS)) {
    for (const iterations of ITERATIONS) {
      for (const learningRate of LEARNING_RATES) {
        const members = [
          {
            featureOptions,
            settings: { ...DEFAULT_TRAINING_OPTIONS.members[0].settings, iterations, learningRate },
          },
        ];
        const model = trainTriageModel(train, [], { ...DEFAULT_TRAINING_OPTIONS, members });
        const name = `${featureName}, ${iterations} it., rate ${learningRate}`;
        singles.push({ name, featureName, members, model, score: scoreOf(figuresOn(dev, model)) });
      }
    }
  }
  // The best single setting of each view, alone and averaged with the best of another view.
  const bestOfView = Object.keys(FEATURE_SETS).map(
    (view) =>
      singles.filter((single) => single.featureName === view).sort((a, b) => b.score - a.score)[0],
  );
  const pairs: Candidate[] = bestOfView.flatMap((first, index) =>
    bestOfView.slice(index + 1).map((second) => ({
      name: `${first.name} + ${second.name}`,
      members: [...first.members, ...second.members],
      model: TriageModel.fromJson({
        ...first.model.toJson(),
        members: [...first.model.toJson().members, ...second.model.toJson().members],
      }),
    })),
  );
  let best: { candidate: Candidate; threshold: number; score: number } | null = null;
  for (const candidate of [...singles, ...pairs]) {
    for (const threshold of THRESHOLDS) {
      const model = TriageModel.fromJson({
        ...candidate.model.toJson(),
        urgentThreshold: threshold,
      });
      const figures = figuresOn(dev, model);
      show(`${candidate.name}, t=${threshold}`, figures);
      const score = scoreOf(figures);
      if (!best || score > best.score) {
        best = { candidate, threshold, score };
      }
    }
  }
  if (!best) {
    throw new Error('no settings were tried');
  }
  process.stdout.write(`\nchosen on dev: ${best.candidate.name}, t=${best.threshold}\n`);
  const model = trainTriageModel([...train, ...dev], [], {
    ...DEFAULT_TRAINING_OPTIONS,
    members: best.candidate.members,
    urgentThreshold: best.threshold,
  });
  model.writeFile(SHIPPED_MODEL_PATH);
  process.stdout.write(`wrote ${SHIPPED_MODEL_PATH} (${model.version})\n`);
}

main();
