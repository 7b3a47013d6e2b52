import { createHash } from 'node:crypto';
import { NeuralNetwork, type NeuralNetworkSettings, type TrainingItem } from '@nlpjs/neural';
import { Category, PriorityLevel } from 'src/core/message-analysis';
import {
  DEFAULT_FEATURE_OPTIONS,
  triageFeatures,
  type TriageFeatureOptions,
} from 'src/analysis/triage-features';
import type { HeadFile, TriageMemberFile } from 'src/analysis/triage-member';
import { TRIAGE_LANGUAGES, TriageModel, type TriageModelFile } from 'src/analysis/triage-model';

// One line of the corpus (and of an operator's correction, which has the same shape).
export interface LabelledMessage {
  text: string;
  lang: string;
  domain: string;
  // `null`: two categories are defensible (TRIAGE.md 1.5); not used for the category head.
  category: Category | null;
  urgency: 'urgent' | 'routine';
  priority_level: PriorityLevel;
}

export interface MemberOptions {
  featureOptions: TriageFeatureOptions;
  settings: NeuralNetworkSettings;
}

export interface TrainingOptions {
  // One NLP.js network set per view of the message; their answers are averaged.
  members: MemberOptions[];
  // Features seen in fewer messages than this are dropped: they are mostly typos and names, and
  // each one costs a weight per label in the model file.
  minFeatureCount: number;
  urgentThreshold: number;
  // Operators' corrections count this many times: one correction is one person's clear word.
  correctionWeight: number;
}

export const DEFAULT_TRAINING_OPTIONS: TrainingOptions = {
  members: [
    {
      featureOptions: DEFAULT_FEATURE_OPTIONS,
      settings: { iterations: 40, learningRate: 0.3, momentum: 0.5, alpha: 0.07 },
    },
  ],
  minFeatureCount: 2,
  urgentThreshold: 0.4,
  correctionWeight: 3,
};

const WEIGHT_DECIMALS = 1e4;

export function trainTriageModel(
  corpus: readonly LabelledMessage[],
  corrections: readonly LabelledMessage[] = [],
  options: TrainingOptions = DEFAULT_TRAINING_OPTIONS,
): TriageModel {
  const rows = [
    ...corpus,
    ...corrections.flatMap((row) => Array.from({ length: options.correctionWeight }, () => row)),
  ];
  const corpusDigest = digestOf([...corpus, ...corrections]);
  const trainedAt = new Date().toISOString();
  const trained = {
    format: 2 as const,
    trainedAt,
    trainedOn: { messages: corpus.length, corrections: corrections.length, corpusDigest },
    urgentThreshold: options.urgentThreshold,
    members: options.members.map((member) => trainMember(rows, member, options.minFeatureCount)),
  };
  return TriageModel.fromJson({ ...trained, version: versionOf(trained) });
}

// The day it was trained and a digest of what it answers with: two models with the same
// version are the same model.
export function versionOf(file: Omit<TriageModelFile, 'version'>): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([file.urgentThreshold, file.members]))
    .digest('hex');
  return `triage-${file.trainedAt.slice(0, 10)}-${digest.slice(0, 8)}`;
}

// The options a model was trained with, so that retraining keeps them.
export function trainingOptionsOf(file: TriageModelFile): TrainingOptions {
  return {
    ...DEFAULT_TRAINING_OPTIONS,
    members: file.members.map(({ featureOptions, settings }) => ({ featureOptions, settings })),
    urgentThreshold: file.urgentThreshold,
  };
}

function trainMember(
  rows: readonly LabelledMessage[],
  { featureOptions, settings }: MemberOptions,
  minFeatureCount: number,
): TriageMemberFile {
  const inputs = rows.map((row) => triageFeatures(row.text, featureOptions));
  const features = frequentFeatures(inputs, minFeatureCount);
  const kept = new Set(features);
  const keptInputs = inputs.map((input) => keepOnly(input, kept));
  const itemsFor = (labelOf: (row: LabelledMessage) => string | null): TrainingItem[] =>
    rows.flatMap((row, index) => {
      const label = labelOf(row);
      return label === null ? [] : [{ input: keptInputs[index], output: { [label]: 1 } }];
    });
  const isOurLanguage = (lang: string): boolean =>
    (TRIAGE_LANGUAGES as readonly string[]).includes(lang);
  return {
    featureOptions,
    settings,
    features,
    heads: {
      category: trainHead(
        itemsFor((row) => row.category),
        Object.values(Category),
        features,
        settings,
      ),
      priority: trainHead(
        itemsFor((row) => row.priority_level),
        Object.values(PriorityLevel),
        features,
        settings,
      ),
      language: trainHead(
        itemsFor((row) => (isOurLanguage(row.lang) ? row.lang : null)),
        [...TRIAGE_LANGUAGES],
        features,
        settings,
      ),
    },
  };
}

function trainHead(
  items: TrainingItem[],
  labels: readonly string[],
  features: readonly string[],
  settings: NeuralNetworkSettings,
): HeadFile {
  const network = new NeuralNetwork({ ...settings, log: false });
  network.train(items);
  const json = network.toJSON();
  const index = new Map(features.map((feature, position) => [feature, position]));
  const trained = json.intents ?? [];
  const weights = labels.map((label) => {
    const row = new Array<number>(features.length + 1).fill(0);
    const source = json.perceptrons?.[trained.indexOf(label)];
    if (source) {
      (json.features ?? []).forEach((feature, position) => {
        const at = index.get(feature);
        if (at !== undefined) {
          row[at] = round(source[position]);
        }
      });
      row[features.length] = round(source[source.length - 1]);
    }
    return row;
  });
  return { labels: [...labels], weights };
}

function frequentFeatures(inputs: readonly Record<string, number>[], minCount: number): string[] {
  const counts = new Map<string, number>();
  for (const input of inputs) {
    for (const feature of Object.keys(input)) {
      counts.set(feature, (counts.get(feature) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .filter(([feature, count]) => count >= minCount || feature.startsWith('x:'))
    .map(([feature]) => feature)
    .sort();
}

function keepOnly(
  input: Record<string, number>,
  kept: ReadonlySet<string>,
): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [feature, value] of Object.entries(input)) {
    if (kept.has(feature)) {
      result[feature] = value;
    }
  }
  return result;
}

function round(value: number): number {
  return Math.round(value * WEIGHT_DECIMALS) / WEIGHT_DECIMALS;
}

function digestOf(rows: readonly LabelledMessage[]): string {
  const hash = createHash('sha256');
  for (const row of rows) {
    hash.update(
      `${row.text}\u0000${row.category ?? ''}\u0000${row.priority_level}\u0000${row.lang}\n`,
    );
  }
  return hash.digest('hex');
}
