import type { NeuralNetworkSettings } from '@nlpjs/neural';
import {
  featureNamesOf,
  featureValueOf,
  type TriageFeatureOptions,
} from 'src/analysis/triage-features';

export type HeadName = 'category' | 'priority' | 'language';
export const HEAD_NAMES: readonly HeadName[] = ['category', 'priority', 'language'];

export interface HeadFile {
  labels: string[];
  // One row per label: a weight per feature of `features`, then the bias.
  weights: number[][];
}

// One view of a message (its feature options) with the NLP.js perceptrons trained on it.
export interface TriageMemberFile {
  featureOptions: TriageFeatureOptions;
  settings: NeuralNetworkSettings;
  features: string[];
  heads: Record<HeadName, HeadFile>;
}

// NLP.js's default slope of its perceptrons' activation.
const DEFAULT_ALPHA = 0.07;

// The trained perceptrons as NLP.js runs them (leaky ReLU of bias + weights · features), every
// head at once: a feature's weights for all labels of all heads sit side by side, so one look-up
// of a feature reads them all.
export class TriageMember {
  private readonly index = new Map<string, number>();
  private readonly offsets = {} as Record<HeadName, number>;
  private readonly width: number;
  private readonly weights: Float32Array;
  private readonly biases: Float64Array;
  private readonly alpha: number;
  private readonly featureOptions: TriageFeatureOptions;
  private readonly labels: Record<HeadName, readonly string[]>;

  // Keeps the weights in typed arrays only (not the file's number arrays, several times larger).
  constructor(file: TriageMemberFile) {
    this.featureOptions = file.featureOptions;
    this.labels = {
      category: file.heads.category.labels,
      priority: file.heads.priority.labels,
      language: file.heads.language.labels,
    };
    file.features.forEach((feature, position) => this.index.set(feature, position));
    let width = 0;
    for (const head of HEAD_NAMES) {
      this.offsets[head] = width;
      width += file.heads[head].labels.length;
    }
    this.width = width;
    this.weights = new Float32Array(file.features.length * width);
    this.biases = new Float64Array(width);
    for (const head of HEAD_NAMES) {
      file.heads[head].weights.forEach((row, label) => {
        const column = this.offsets[head] + label;
        for (let feature = 0; feature < file.features.length; feature += 1) {
          this.weights[feature * width + column] = row[feature];
        }
        this.biases[column] = row[file.features.length];
      });
    }
    this.alpha = file.settings.alpha ?? DEFAULT_ALPHA;
  }

  // Each head's outputs as shares of one (its perceptrons answer independently), in the order of
  // the head's labels.
  shares(text: string, tokens: readonly string[]): Record<HeadName, number[]> {
    const names = featureNamesOf(text, this.featureOptions, tokens);
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
    const result = {} as Record<HeadName, number[]>;
    for (const head of HEAD_NAMES) {
      const outputs = this.labels[head].map((_, label) => {
        const sum = sums[this.offsets[head] + label];
        return sum <= 0 ? 0 : this.alpha * sum;
      });
      const total = outputs.reduce((all, output) => all + output, 0);
      result[head] = outputs.map((output) => (total > 0 ? output / total : 1 / outputs.length));
    }
    return result;
  }

  labelsOf(head: HeadName): readonly string[] {
    return this.labels[head];
  }

  // How much a feature (`w:word`, `b:word pair`) pushes towards a label; 0 when unknown.
  weightOf(feature: string, head: HeadName, label: number): number {
    const position = this.index.get(feature);
    return position === undefined
      ? 0
      : this.weights[position * this.width + this.offsets[head] + label];
  }
}
