import { foldForMatching } from 'src/common/text/text-normalization';

// Longer messages are read up to here: the opening says what the message is about, and the
// cost of a message stays bounded whatever a client sends.
export const MAX_CLASSIFIED_CHARACTERS = 2000;

const TOKEN = /[\p{L}\p{N}]+|\p{Extended_Pictographic}/gu;
const DIGITS = /\p{N}/gu;
const CHARACTER_GRAM_SIZES = [3, 4, 5] as const;
// A word that is all digits says little but its shape ("0000" an order number, "00" a time).
const MAX_NUMBER_SHAPE = 6;

export interface TriageFeatureOptions {
  words: boolean;
  wordPairs: boolean;
  characterGrams: boolean;
}

export const DEFAULT_FEATURE_OPTIONS: TriageFeatureOptions = {
  words: true,
  wordPairs: true,
  characterGrams: true,
};

// The message as the classifier and the safety floor read it: no case, no diacritics (Turkish
// typed without its letters reads like Turkish typed with them), digits as zeros.
export function tokensOf(text: string): string[] {
  const folded = foldForMatching(text.slice(0, MAX_CLASSIFIED_CHARACTERS));
  return (folded.match(TOKEN) ?? []).map((token) => {
    const shaped = token.replace(DIGITS, '0');
    return /^0+$/.test(shaped) ? shaped.slice(0, MAX_NUMBER_SHAPE) : shaped;
  });
}

// Feature names are prefixed, so no client text can collide with an object's own members.
// Every feature of a message has the same value, chosen so that every message has the same length
// as a vector: a rambling message does not outvote a short one by its length alone.
export function featureNamesOf(
  text: string,
  options: TriageFeatureOptions = DEFAULT_FEATURE_OPTIONS,
  tokens: readonly string[] = tokensOf(text),
): Set<string> {
  const names = new Set<string>();
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    if (options.words) {
      names.add(`w:${token}`);
    }
    if (options.wordPairs && index + 1 < tokens.length) {
      names.add(`b:${token} ${tokens[index + 1]}`);
    }
    if (options.characterGrams && token.length > 1) {
      addCharacterGrams(names, ` ${token} `);
    }
  }
  addShapeFeatures(names, text, tokens.length);
  return names;
}

export function featureValueOf(names: ReadonlySet<string>): number {
  return names.size > 0 ? 1 / Math.sqrt(names.size) : 0;
}

// The same features as NLP.js takes them for training: name → value.
export function triageFeatures(
  text: string,
  options: TriageFeatureOptions = DEFAULT_FEATURE_OPTIONS,
  tokens: readonly string[] = tokensOf(text),
): Record<string, number> {
  const names = featureNamesOf(text, options, tokens);
  const value = featureValueOf(names);
  const features: Record<string, number> = {};
  for (const name of names) {
    features[name] = value;
  }
  return features;
}

function addCharacterGrams(names: Set<string>, padded: string): void {
  for (const size of CHARACTER_GRAM_SIZES) {
    for (let start = 0; start + size <= padded.length; start += 1) {
      names.add(`c:${padded.slice(start, start + size)}`);
    }
  }
}

// How it is written, not what it says: shouting, insistence, a question, a bare one-liner.
function addShapeFeatures(names: Set<string>, text: string, tokenCount: number): void {
  const letters = text.match(/\p{L}/gu) ?? [];
  const upper = text.match(/\p{Lu}/gu) ?? [];
  if (letters.length >= 6 && upper.length / letters.length > 0.6) {
    names.add('x:shouting');
  }
  if (/[!]{2,}|[?!]{3,}/.test(text)) {
    names.add('x:insisting');
  }
  if (text.includes('?')) {
    names.add('x:question');
  }
  names.add(`x:length${tokenCount <= 2 ? 0 : tokenCount <= 6 ? 1 : tokenCount <= 20 ? 2 : 3}`);
}
