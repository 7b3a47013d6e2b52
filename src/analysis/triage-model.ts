import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { type Category, PriorityLevel } from 'src/core/message-analysis';
import { tokensOf } from 'src/analysis/triage-features';
import { type HeadName, TriageMember, type TriageMemberFile } from 'src/analysis/triage-member';
import { projectRoot } from 'src/common/files/project-root';

// The model that ships with the gateway; `npm run triage:train` writes it.
// Gzipped JSON: the weights compress to a third.
export const SHIPPED_MODEL_PATH = join(projectRoot(), 'triage', 'model', 'triage-model.json.gz');

export const TRIAGE_LANGUAGES = ['en', 'tr', 'de', 'no'] as const;
export type TriageLanguage = (typeof TRIAGE_LANGUAGES)[number];

export interface TriageModelFile {
  format: 2;
  version: string;
  trainedAt: string;
  // What it was trained on, so a figure can be traced back to its data.
  trainedOn: { messages: number; corrections: number; corpusDigest: string };
  // The share of the priority heads' answer on critical and high at which a message is urgent,
  // chosen on the dev split for urgent recall first.
  urgentThreshold: number;
  // Their answers are averaged: two views of a message (words and pairs; letter groups too) err
  // on different messages.
  members: TriageMemberFile[];
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
// Shorter words ("ne", "is", "da") are grammar, not what a message is about.
const MIN_EVIDENCE_WORD = 3;

let shippedModel: TriageModel | undefined;

export class TriageModel {
  private readonly members: TriageMember[];
  private readonly version_: string;
  private readonly urgentThreshold_: number;

  // The file itself is kept in one form only, gzipped when it was read gzipped: the weights live
  // in the members' typed arrays, and the file is rebuilt only for retraining.
  private constructor(
    file: TriageModelFile,
    private readonly source: { file: TriageModelFile } | { gzipped: Buffer },
  ) {
    this.members = file.members.map((member) => new TriageMember(member));
    this.version_ = file.version;
    this.urgentThreshold_ = file.urgentThreshold;
  }

  // Read once per process: every gateway instance in a process (tests start many) shares it.
  static shipped(): TriageModel {
    shippedModel ??= TriageModel.fromFile(SHIPPED_MODEL_PATH);
    return shippedModel;
  }

  static fromFile(path: string = SHIPPED_MODEL_PATH): TriageModel {
    return TriageModel.fromGzip(readFileSync(path));
  }

  // Gzipped JSON, in base64 where it is stored as text (`triage_models.model`): a model is
  // about 9 MB of JSON and 3 MB gzipped.
  static fromGzip(gzipped: Buffer): TriageModel {
    const file = JSON.parse(gunzipSync(gzipped).toString('utf8')) as TriageModelFile;
    return new TriageModel(checked(file), { gzipped });
  }

  toGzip(): Buffer {
    return 'gzipped' in this.source
      ? this.source.gzipped
      : gzipSync(JSON.stringify(this.source.file), { level: 9 });
  }

  writeFile(path: string = SHIPPED_MODEL_PATH): void {
    writeFileSync(path, this.toGzip());
  }

  static fromJson(file: TriageModelFile): TriageModel {
    return new TriageModel(checked(file), { file });
  }

  get version(): string {
    return this.version_;
  }

  toJson(): TriageModelFile {
    return 'file' in this.source
      ? this.source.file
      : (JSON.parse(gunzipSync(this.source.gzipped).toString('utf8')) as TriageModelFile);
  }

  predict(text: string, tokens: readonly string[] = tokensOf(text)): TriagePrediction {
    const answers = this.members.map((member) => member.shares(text, tokens));
    const shares = (head: HeadName): number[] =>
      answers[0][head].map(
        (_, label) =>
          answers.reduce((sum, answer) => sum + answer[head][label], 0) / answers.length,
      );
    const labelsOf = (head: HeadName): readonly string[] => this.members[0].labelsOf(head);
    const category = best(shares('category'));
    const priorities = shares('priority');
    const share = (level: PriorityLevel): number =>
      priorities[labelsOf('priority').indexOf(level)] ?? 0;
    const urgency = share(PriorityLevel.Critical) + share(PriorityLevel.High);
    const isUrgent = urgency >= this.urgentThreshold_;
    const priority = isUrgent
      ? share(PriorityLevel.Critical) > share(PriorityLevel.High)
        ? PriorityLevel.Critical
        : PriorityLevel.High
      : share(PriorityLevel.Low) > share(PriorityLevel.Normal)
        ? PriorityLevel.Low
        : PriorityLevel.Normal;
    const language = best(shares('language'));
    return {
      category: labelsOf('category')[category.label] as Category,
      categoryConfidence: category.share,
      urgency,
      isUrgent,
      priority,
      language: labelsOf('language')[language.label] as TriageLanguage,
      languageConfidence: language.share,
      evidence: this.evidence(tokens, [
        ['category', category.label],
        ['priority', labelsOf('priority').indexOf(priority)],
      ]),
    };
  }

  // The words and word pairs that pushed hardest towards the chosen category and priority.
  private evidence(tokens: readonly string[], decisions: [HeadName, number][]): string[] {
    const found = new Map<string, number>();
    const weigh = (name: string, feature: string): void => {
      for (const [head, label] of decisions) {
        const weight = this.members.reduce(
          (sum, member) => sum + member.weightOf(feature, head, label),
          0,
        );
        if (weight > (found.get(name) ?? 0)) {
          found.set(name, weight);
        }
      }
    };
    tokens.forEach((token, index) => {
      if (token.length >= MIN_EVIDENCE_WORD) {
        weigh(token, `w:${token}`);
      }
      if (index + 1 < tokens.length) {
        const pair = `${token} ${tokens[index + 1]}`;
        weigh(pair, `b:${pair}`);
      }
    });
    // A word already named inside a stronger pair adds nothing.
    const chosen: string[] = [];
    for (const [feature] of [...found.entries()].sort((a, b) => b[1] - a[1])) {
      if (!chosen.some((pair) => pair.split(' ').includes(feature))) {
        chosen.push(feature);
      }
    }
    return chosen.slice(0, EVIDENCE_FEATURES);
  }
}

function best(shares: readonly number[]): { label: number; share: number } {
  let label = 0;
  for (let candidate = 1; candidate < shares.length; candidate += 1) {
    if (shares[candidate] > shares[label]) {
      label = candidate;
    }
  }
  return { label, share: shares[label] };
}

function checked(file: TriageModelFile): TriageModelFile {
  if (file.format !== 2 || !Array.isArray(file.members) || file.members.length === 0) {
    throw new Error('not a triage model file (format 2)');
  }
  return file;
}
