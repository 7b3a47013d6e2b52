import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { NeuralNetwork, type NeuralNetworkSettings } from '@nlpjs/neural';
import { type Category, PriorityLevel } from 'src/analysis/message-analysis';
import { triageFeatures, type TriageFeatureOptions } from 'src/analysis/triage-features';
import { projectRoot } from 'src/common/files/project-root';

// The model that ships with the gateway; `npm run triage:train` writes it.
// Gzipped JSON: the weights compress to a third.
export const SHIPPED_MODEL_PATH = join(projectRoot(), 'triage', 'model', 'triage-model.json.gz');

export const TRIAGE_LANGUAGES = ['en', 'tr', 'de', 'no'] as const;
export type TriageLanguage = (typeof TRIAGE_LANGUAGES)[number];

export type HeadName = 'category' | 'priority' | 'language';

export interface HeadFile {
  labels: string[];
  // One row per label: a weight per feature of `features`, then the bias.
  weights: number[][];
}

export interface TriageModelFile {
  format: 1;
  version: string;
  trainedAt: string;
  // What it was trained on, so a figure can be traced back to its data.
  trainedOn: { messages: number; corrections: number; corpusDigest: string };
  featureOptions: TriageFeatureOptions;
  settings: NeuralNetworkSettings;
  // The share of the priority head's weight on critical and high at which a message is urgent,
  // chosen on the dev split for urgent recall first.
  urgentThreshold: number;
  features: string[];
  heads: Record<HeadName, HeadFile>;
}

export interface TriagePrediction {
  category: Category;
  categoryConfidence: number;
  // 0–1: how much of the priority head's answer is critical or high.
  urgency: number;
  isUrgent: boolean;
  priority: PriorityLevel;
  language: TriageLanguage;
  languageConfidence: number;
  // The words and word pairs that weighed most for the category and the urgency.
  evidence: string[];
}

const EVIDENCE_FEATURES = 4;

let shippedModel: TriageModel | undefined;
const READABLE_FEATURE = /^[wb]:/;

export class TriageModel {
  private readonly heads: Record<HeadName, NeuralNetwork>;

  private constructor(private readonly file: TriageModelFile) {
    this.heads = {
      category: networkOf(file, 'category'),
      priority: networkOf(file, 'priority'),
      language: networkOf(file, 'language'),
    };
  }

  // Read once per process: every gateway instance in a process (tests start many) shares it.
  static shipped(): TriageModel {
    shippedModel ??= TriageModel.fromFile(SHIPPED_MODEL_PATH);
    return shippedModel;
  }

  static fromFile(path: string = SHIPPED_MODEL_PATH): TriageModel {
    return TriageModel.fromJson(
      JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as TriageModelFile,
    );
  }

  writeFile(path: string = SHIPPED_MODEL_PATH): void {
    writeFileSync(path, gzipSync(JSON.stringify(this.file), { level: 9 }));
  }

  static fromJson(file: TriageModelFile): TriageModel {
    if (file.format !== 1 || !Array.isArray(file.features)) {
      throw new Error('not a triage model file (format 1)');
    }
    return new TriageModel(file);
  }

  get version(): string {
    return this.file.version;
  }

  get urgentThreshold(): number {
    return this.file.urgentThreshold;
  }

  toJson(): TriageModelFile {
    return this.file;
  }

  predict(text: string): TriagePrediction {
    const input = triageFeatures(text, this.file.featureOptions);
    const category = best(this.scores('category', input));
    const priorityScores = this.scores('priority', input);
    const urgency =
      (priorityScores[PriorityLevel.Critical] ?? 0) + (priorityScores[PriorityLevel.High] ?? 0);
    const isUrgent = urgency >= this.file.urgentThreshold;
    const priority = isUrgent
      ? (priorityScores[PriorityLevel.Critical] ?? 0) > (priorityScores[PriorityLevel.High] ?? 0)
        ? PriorityLevel.Critical
        : PriorityLevel.High
      : (priorityScores[PriorityLevel.Low] ?? 0) > (priorityScores[PriorityLevel.Normal] ?? 0)
        ? PriorityLevel.Low
        : PriorityLevel.Normal;
    const language = best(this.scores('language', input));
    return {
      category: category.label as Category,
      categoryConfidence: category.share,
      urgency,
      isUrgent,
      priority,
      language: language.label as TriageLanguage,
      languageConfidence: language.share,
      evidence: this.evidence(input, [
        ['category', category.label],
        ['priority', priority],
      ]),
    };
  }

  // Each head's outputs as shares of one: the perceptrons answer independently.
  private scores(head: HeadName, input: Record<string, number>): Record<string, number> {
    const outputs = this.heads[head].run(input) ?? {};
    const labels = this.file.heads[head].labels;
    const total = labels.reduce((sum, label) => sum + (outputs[label] ?? 0), 0);
    const shares: Record<string, number> = {};
    for (const label of labels) {
      shares[label] = total > 0 ? (outputs[label] ?? 0) / total : 1 / labels.length;
    }
    return shares;
  }

  private evidence(input: Record<string, number>, decisions: [HeadName, string][]): string[] {
    const found = new Map<string, number>();
    for (const [head, label] of decisions) {
      const weights = this.heads[head].explain(input, label).weights ?? {};
      for (const [feature, weight] of Object.entries(weights)) {
        if (READABLE_FEATURE.test(feature) && weight > 0) {
          const contribution = weight * (input[feature] ?? 0);
          found.set(feature.slice(2), Math.max(found.get(feature.slice(2)) ?? 0, contribution));
        }
      }
    }
    return [...found.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, EVIDENCE_FEATURES)
      .map(([feature]) => feature);
  }
}

function networkOf(file: TriageModelFile, head: HeadName): NeuralNetwork {
  const network = new NeuralNetwork(file.settings);
  network.fromJSON({
    settings: file.settings,
    features: file.features,
    intents: file.heads[head].labels,
    perceptrons: file.heads[head].weights,
  });
  return network;
}

function best(shares: Record<string, number>): { label: string; share: number } {
  let label = '';
  let share = -1;
  for (const [candidate, value] of Object.entries(shares)) {
    if (value > share) {
      label = candidate;
      share = value;
    }
  }
  return { label, share };
}
