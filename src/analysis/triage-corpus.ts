import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokensOf } from 'src/analysis/triage-features';
import type { LabelledMessage } from 'src/analysis/triage-training';
import { projectRoot } from 'src/common/files/project-root';

export const CORPUS_DIR = join(projectRoot(), 'triage', 'corpus');

// `train` and `dev` share the files of corpus/train (dev is a fixed 15% of them, by a hash of
// the text, for choosing settings); `test` is corpus/test, written apart and never tuned on.
export type CorpusSplit = 'train' | 'dev' | 'test';

const DEV_PERCENT = 15;

export function loadCorpus(split: CorpusSplit, dir: string = CORPUS_DIR): LabelledMessage[] {
  const folder = join(dir, split === 'test' ? 'test' : 'train');
  const rows = readdirSync(folder)
    .filter((file) => file.endsWith('.jsonl'))
    .sort()
    .flatMap((file) => parseJsonl(readFileSync(join(folder, file), 'utf8')));
  if (split === 'test') {
    return rows;
  }
  return rows.filter((row) => isDev(row.text) === (split === 'dev'));
}

export function parseJsonl(content: string): LabelledMessage[] {
  return content
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledMessage);
}

// Case, accents, punctuation and digits folded away: the key under which two texts are "the same".
export function textKeyOf(text: string): string {
  return tokensOf(text).join(' ');
}

function isDev(text: string): boolean {
  const digest = createHash('sha256').update(textKeyOf(text)).digest();
  return digest.readUInt32BE(0) % 100 < DEV_PERCENT;
}
