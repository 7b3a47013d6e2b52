// npm run triage:train — chooses the classifier's settings on the dev split, trains the model on
// train + dev and writes triage/model/triage-model.json. The test split is not read here.
import { analyzeOffline } from 'src/analysis/offline-analyzer';
import { loadCorpus } from 'src/analysis/triage-corpus';
import { evaluateTriage, type TriageFigures } from 'src/analysis/triage-evaluation';
import type { TriageFeatureOptions } from 'src/analysis/triage-features';
import { SHIPPED_MODEL_PATH, TriageModel } from 'src/analysis/triage-model';
import {
  DEFAULT_TRAINING_OPTIONS,
  trainTriageModel,
  type LabelledMessage,
  type TrainingOptions,
} from 'src/analysis/triage-training';

const FEATURE_SETS: Record<string, TriageFeatureOptions> = {
  words: { words: true, wordPairs: false, characterGrams: false },
  'words+pairs': { words: true, wordPairs: true, characterGrams: false },
  'words+pairs+chars': { words: true, wordPairs: true, characterGrams: true },
};
const ITERATIONS = [20, 40, 80];
const LEARNING_RATES = [0.15, 0.3, 0.6];
const THRESHOLDS = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5];
// Urgent recall comes first (TRIAGE.md 4): a threshold is only considered when it reaches this.
const DEV_RECALL_FLOOR = 0.96;

function figuresOn(rows: LabelledMessage[], model: TriageModel): TriageFigures {
  return evaluateTriage(rows, (text) => analyzeOffline(text, model).analysis).overall;
}

// Category agreement and urgency agreement weigh alike once recall is where it must be.
function scoreOf(figures: TriageFigures): number {
  const recall = figures.urgentRecall ?? 0;
  const penalty = recall < DEV_RECALL_FLOOR ? (DEV_RECALL_FLOOR - recall) * 4 : 0;
  return (figures.categoryAgreement ?? 0) + (figures.urgencyAgreement ?? 0) - penalty;
}

function withThreshold(model: TriageModel, urgentThreshold: number): TriageModel {
  return TriageModel.fromJson({ ...model.toJson(), urgentThreshold });
}

function show(name: string, figures: TriageFigures): void {
  const pct = (value: number | null): string =>
    value === null ? '–' : `${(value * 100).toFixed(1)}%`;
  process.stdout.write(
    `${name.padEnd(40)} urgent recall ${pct(figures.urgentRecall)}  urgency ${pct(figures.urgencyAgreement)}  ` +
      `category ${pct(figures.categoryAgreement)}\n`,
  );
}

function main(): void {
  const train = loadCorpus('train');
  const dev = loadCorpus('dev');
  process.stdout.write(`train ${train.length} messages, dev ${dev.length} messages\n`);
  let best: { options: TrainingOptions; score: number; name: string } | null = null;
  for (const [featureName, featureOptions] of Object.entries(FEATURE_SETS)) {
    for (const [iterations, learningRate] of ITERATIONS.flatMap((count) =>
      LEARNING_RATES.map((rate) => [count, rate] as const),
    )) {
      const options: TrainingOptions = {
        ...DEFAULT_TRAINING_OPTIONS,
        featureOptions,
        settings: { ...DEFAULT_TRAINING_OPTIONS.settings, iterations, learningRate },
      };
      const model = trainTriageModel(train, [], options);
      for (const threshold of THRESHOLDS) {
        const figures = figuresOn(dev, withThreshold(model, threshold));
        const name = `${featureName}, ${iterations} it., rate ${learningRate}, t=${threshold}`;
        show(name, figures);
        const score = scoreOf(figures);
        if (!best || score > best.score) {
          best = { options: { ...options, urgentThreshold: threshold }, score, name };
        }
      }
    }
  }
  if (!best) {
    throw new Error('no settings were tried');
  }
  process.stdout.write(`\nchosen on dev: ${best.name}\n`);
  const model = trainTriageModel([...train, ...dev], [], best.options);
  model.writeFile(SHIPPED_MODEL_PATH);
  process.stdout.write(`wrote ${SHIPPED_MODEL_PATH} (${model.version})\n`);
}

main();
