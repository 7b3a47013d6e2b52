import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { NeuralNetworkSettings } from '@nlpjs/neural';
import { type Category, PriorityLevel } from 'src/analysis/message-analysis';
import {
  featureNamesOf,
  featureValueOf,
  tokensOf,
  type TriageFeatureOptions,
} from 'src/analysis/triage-features';
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
// NLP.js's default slope of its perceptrons' activation.
const DEFAULT_ALPHA = 0.07;

export class TriageModel {
  // Every label of every head side by side: one look-up of a feature gives all its weights.
  private readonly index = new Map<string, number>();
  private readonly offsets: Record<HeadName, number>;
  private readonly width: number;
  private readonly weights: Float32Array;
  private readonly biases: Float64Array;
  private readonly alpha: number;

  private constructor(private readonly file: TriageModelFile) {
    file.features.forEach((feature, position) => this.index.set(feature, position));
    const heads: HeadName[] = ['category', 'priority', 'language'];
    let width = 0;
    const offsets = {} as Record<HeadName, number>;
    for (const head of heads) {
      offsets[head] = width;
      width += file.heads[head].labels.length;
    }
    this.offsets = offsets;
    this.width = width;
    this.weights = new Float32Array(file.features.length * width);
    this.biases = new Float64Array(width);
    for (const head of heads) {
      file.heads[head].weights.forEach((row, label) => {
        const column = offsets[head] + label;
        for (let feature = 0; feature < file.features.length; feature += 1) {
          this.weights[feature * width + column] = row[feature];
        }
        this.biases[column] = row[file.features.length];
      });
    }
    this.alpha = file.settings.alpha ?? DEFAULT_ALPHA;
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

  // The trained perceptrons as NLP.js runs them (leaky ReLU of bias + weights · features), for
  // every head at once.
  predict(text: string, tokens: readonly string[] = tokensOf(text)): TriagePrediction {
    const names = featureNamesOf(text, this.file.featureOptions, tokens);
    const value = featureValueOf(names);
    const sums = Float64Array.from(this.biases);
    for (const feature of names) {
      const position = this.index.get(feature);
      if (position !== undefined) {
        const row = position * this.width;
        for (let column = 0; column < this.width; column += 1) {
          sums[column] += this.weights[row + column] * value;
        }
      }
    }
    const category = this.best('category', sums);
    const priorities = this.shares('priority', sums);
    const share = (level: PriorityLevel): number =>
      priorities[this.file.heads.priority.labels.indexOf(level)] ?? 0;
    const urgency = share(PriorityLevel.Critical) + share(PriorityLevel.High);
    const isUrgent = urgency >= this.file.urgentThreshold;
    const priority = isUrgent
      ? share(PriorityLevel.Critical) > share(PriorityLevel.High)
        ? PriorityLevel.Critical
        : PriorityLevel.High
      : share(PriorityLevel.Low) > share(PriorityLevel.Normal)
        ? PriorityLevel.Low
        : PriorityLevel.Normal;
    const language = this.best('language', sums);
    const priorityColumn =
      this.offsets.priority + this.file.heads.priority.labels.indexOf(priority);
    return {
      category: this.file.heads.category.labels[category.label] as Category,
      categoryConfidence: category.share,
      urgency,
      isUrgent,
      priority,
      language: this.file.heads.language.labels[language.label] as TriageLanguage,
      languageConfidence: language.share,
      evidence: this.evidence(tokens, [this.offsets.category + category.label, priorityColumn]),
    };
  }

  // A head's outputs as shares of one: its perceptrons answer independently.
  private shares(head: HeadName, sums: Float64Array): number[] {
    const count = this.file.heads[head].labels.length;
    const outputs: number[] = [];
    let total = 0;
    for (let label = 0; label < count; label += 1) {
      const sum = sums[this.offsets[head] + label];
      const output = sum <= 0 ? 0 : this.alpha * sum;
      outputs.push(output);
      total += output;
    }
    return outputs.map((output) => (total > 0 ? output / total : 1 / count));
  }

  private best(head: HeadName, sums: Float64Array): { label: number; share: number } {
    const shares = this.shares(head, sums);
    let label = 0;
    for (let candidate = 1; candidate < shares.length; candidate += 1) {
      if (shares[candidate] > shares[label]) {
        label = candidate;
      }
    }
    return { label, share: shares[label] };
  }

  // The words and word pairs that pushed hardest towards the chosen category and priority.
  private evidence(tokens: readonly string[], columns: number[]): string[] {
    const found = new Map<string, number>();
    const weigh = (name: string, feature: string): void => {
      const position = this.index.get(feature);
      if (position === undefined) {
        return;
      }
      for (const column of columns) {
        const weight = this.weights[position * this.width + column];
        if (weight > (found.get(name) ?? 0)) {
          found.set(name, weight);
        }
      }
    };
    tokens.forEach((token, index) => {
      if (this.file.featureOptions.words) {
        weigh(token, `w:${token}`);
      }
      if (this.file.featureOptions.wordPairs && index + 1 < tokens.length) {
        const pair = `${token} ${tokens[index + 1]}`;
        weigh(pair, `b:${pair}`);
      }
    });
    return [...found.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, EVIDENCE_FEATURES)
      .map(([feature]) => feature);
  }
}
