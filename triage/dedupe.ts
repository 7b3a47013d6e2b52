// npm run triage:dedupe — keeps the splits apart: a training line that is the same text as a test
// line, or nearly (most of its words and word pairs shared), is removed from the training file,
// and so is a repeat inside the training files. The test split is never changed.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR, parseJsonl, textKeyOf } from 'src/analysis/triage-corpus';

// Share of shingles (words and word pairs) two texts have in common, over the smaller text's.
const NEAR_DUPLICATE_OVERLAP = 0.8;
const MIN_SHINGLES = 4;

function shinglesOf(text: string): Set<string> {
  const words = textKeyOf(text).split(' ').filter(Boolean);
  const shingles = new Set(words);
  for (let index = 0; index + 1 < words.length; index += 1) {
    shingles.add(`${words[index]} ${words[index + 1]}`);
  }
  return shingles;
}

function overlap(a: Set<string>, b: Set<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const shingle of small) {
    shared += large.has(shingle) ? 1 : 0;
  }
  return small.size === 0 ? 0 : shared / small.size;
}

function filesOf(split: 'train' | 'test'): string[] {
  const folder = join(CORPUS_DIR, split);
  return readdirSync(folder)
    .filter((file) => file.endsWith('.jsonl'))
    .sort()
    .map((file) => join(folder, file));
}

const testRows = filesOf('test').flatMap((file) => parseJsonl(readFileSync(file, 'utf8')));
const testKeys = new Set(testRows.map((row) => textKeyOf(row.text)));
const testShingles = testRows.map((row) => shinglesOf(row.text));
const seen = new Set<string>();
let kept = 0;
let removed = 0;
for (const file of filesOf('train')) {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  const keep = lines.filter((line) => {
    const { text } = parseJsonl(line)[0];
    const key = textKeyOf(text);
    const shingles = shinglesOf(text);
    const isNearTest =
      testKeys.has(key) ||
      (shingles.size >= MIN_SHINGLES &&
        testShingles.some(
          (other) =>
            other.size >= MIN_SHINGLES && overlap(shingles, other) >= NEAR_DUPLICATE_OVERLAP,
        ));
    const isRepeat = seen.has(key);
    seen.add(key);
    return !isNearTest && !isRepeat;
  });
  removed += lines.length - keep.length;
  kept += keep.length;
  if (keep.length !== lines.length) {
    writeFileSync(file, `${keep.join('\n')}\n`);
    process.stdout.write(`${file}: removed ${lines.length - keep.length}\n`);
  }
}
process.stdout.write(`training lines kept ${kept}, removed ${removed}\n`);
