import { detect } from 'tinyld/light';
import {
  LEXICON_LANGUAGES,
  LEXICONS,
  type Lexicon,
  type LexiconLanguage,
  type WeightedTerms,
} from 'src/analysis/lexicons';
import { foldForMatching } from 'src/analysis/text-normalization';

export const UNDETERMINED_LANGUAGE = 'und';

// Only words in exactly one language's lists, so that a hit is evidence.
const VOCABULARY: ReadonlyMap<string, LexiconLanguage> = buildVocabulary();
// Folded, ≥ 4 letters, and starting no word of the other languages' lists, so a hit is evidence.
// Keyed by their first four letters, so a word is checked against a handful, not all of them.
const TURKISH_ROOT_KEY_LENGTH = 4;
const TURKISH_ROOTS: ReadonlyMap<string, readonly string[]> = buildTurkishRoots();

const CHARACTER_CUES: readonly [RegExp, LexiconLanguage, number][] = [
  [/[ıİğĞşŞ]/g, 'tr', 2],
  [/[çÇ]/g, 'tr', 0.5],
  [/[ßẞ]/g, 'de', 2],
  [/[äÄ]/g, 'de', 1],
  [/[öÖüÜ]/g, 'de', 0.5],
  [/[öÖüÜ]/g, 'tr', 0.5],
  [/[æÆøØåÅ]/g, 'no', 2],
];
const MAX_CHARACTER_EVIDENCE = 6;
// At this much evidence, lexicon words and letters decide alone, without asking tinyld.
const STRONG_EVIDENCE = 2;
// tinyld guesses wildly on a few words; below this a single lexicon word is trusted more.
const MIN_STATISTICAL_WORDS = 5;

// tinyld answers these codes for texts our lexicons read as Norwegian.
const NORWEGIAN_LIKE = new Set(['no', 'nb', 'nn', 'da', 'sv']);

export interface DetectedLanguage {
  // `und` when it could not be told.
  code: string;
  // English for anything without a lexicon of its own.
  lexicon: LexiconLanguage;
}

// Lexicon words and letters go first (fast, and right on short chat lines); tinyld is asked only
// when neither says anything.
export function detectLanguage(text: string, foldedWords: readonly string[]): DetectedLanguage {
  const evidence: Record<LexiconLanguage, number> = { en: 0, tr: 0, de: 0, no: 0 };
  for (const word of foldedWords) {
    const language = VOCABULARY.get(word);
    if (language) {
      evidence[language] += 1;
    } else if (word.length >= TURKISH_ROOT_KEY_LENGTH && hasTurkishRoot(word)) {
      evidence.tr += 1;
    }
  }
  for (const [pattern, language, weight] of CHARACTER_CUES) {
    const count = text.match(pattern)?.length ?? 0;
    evidence[language] += Math.min(MAX_CHARACTER_EVIDENCE, count * weight);
  }
  let best: LexiconLanguage = 'en';
  let bestScore = 0;
  for (const language of LEXICON_LANGUAGES) {
    if (evidence[language] > bestScore) {
      best = language;
      bestScore = evidence[language];
    }
  }
  if (
    bestScore >= STRONG_EVIDENCE ||
    (bestScore >= 1 && foldedWords.length < MIN_STATISTICAL_WORDS)
  ) {
    return { code: best, lexicon: best };
  }
  const statistical = detectStatistically(text, foldedWords.length);
  if (bestScore >= 1 && statistical.code === UNDETERMINED_LANGUAGE) {
    return { code: best, lexicon: best };
  }
  // One stray marker ("mi" in Spanish) must not outvote a clear statistical reading.
  if (bestScore >= 1 && statistical.lexicon === best) {
    return { code: best, lexicon: best };
  }
  return bestScore >= 1 && isOneOfOurs(statistical.code)
    ? { code: best, lexicon: best }
    : statistical;
}

function isOneOfOurs(code: string): boolean {
  return code === 'en' || code === 'tr' || code === 'de' || NORWEGIAN_LIKE.has(code);
}

function detectStatistically(text: string, wordCount: number): DetectedLanguage {
  if (wordCount < 2) {
    return { code: UNDETERMINED_LANGUAGE, lexicon: 'en' };
  }
  const code = detect(text);
  if (!code) {
    return { code: UNDETERMINED_LANGUAGE, lexicon: 'en' };
  }
  if (code === 'tr' || code === 'de' || code === 'en') {
    return { code, lexicon: code };
  }
  if (NORWEGIAN_LIKE.has(code)) {
    return { code: code === 'nb' || code === 'nn' ? 'no' : code, lexicon: 'no' };
  }
  return { code, lexicon: 'en' };
}

function hasTurkishRoot(word: string): boolean {
  const roots = TURKISH_ROOTS.get(word.slice(0, TURKISH_ROOT_KEY_LENGTH));
  return roots !== undefined && roots.some((root) => word.startsWith(root));
}

function buildVocabulary(): Map<string, LexiconLanguage> {
  const owners = new Map<string, Set<LexiconLanguage>>();
  for (const language of LEXICON_LANGUAGES) {
    for (const word of singleWords(LEXICONS[language])) {
      const set = owners.get(word) ?? new Set<LexiconLanguage>();
      set.add(language);
      owners.set(word, set);
    }
  }
  const vocabulary = new Map<string, LexiconLanguage>();
  for (const [word, languages] of owners) {
    if (languages.size === 1) {
      vocabulary.set(word, [...languages][0]);
    }
  }
  return vocabulary;
}

function buildTurkishRoots(): Map<string, string[]> {
  const others = [...VOCABULARY.entries()]
    .filter(([, language]) => language !== 'tr')
    .map(([word]) => word);
  const roots = new Set<string>();
  for (const term of allTerms(LEXICONS.tr)) {
    const first = term.split(/[\s-]+/)[0];
    if (!first.endsWith('*')) {
      continue;
    }
    const root = foldForMatching(first.slice(0, -1));
    if (root.length >= TURKISH_ROOT_KEY_LENGTH && !others.some((word) => word.startsWith(root))) {
      roots.add(root);
    }
  }
  const byKey = new Map<string, string[]>();
  for (const root of roots) {
    const key = root.slice(0, TURKISH_ROOT_KEY_LENGTH);
    byKey.set(key, [...(byKey.get(key) ?? []), root]);
  }
  return byKey;
}

function singleWords(lexicon: Lexicon): string[] {
  return [...lexicon.markers, ...allTerms(lexicon)]
    .map((term) => term.replace(/^=/, ''))
    .filter((term) => !/[\s*-]/.test(term))
    .map((term) => foldForMatching(term));
}

function allTerms(lexicon: Lexicon): string[] {
  const weighted = (terms: WeightedTerms): string[] => terms.flatMap(([, list]) => [...list]);
  return [
    ...weighted(lexicon.urgency),
    ...lexicon.calm,
    ...weighted(lexicon.severity),
    ...lexicon.stranded,
    ...lexicon.threat,
    ...lexicon.theft,
    ...lexicon.settled,
    ...lexicon.accusation,
    ...lexicon.fraud,
    ...lexicon.moneyContext,
    ...lexicon.ambientHeat,
    ...lexicon.roadside,
    ...lexicon.later,
    ...lexicon.conditional,
    ...lexicon.phishingBait,
    ...lexicon.credentialsGiven,
    ...lexicon.irony,
    ...lexicon.repetition,
    ...lexicon.distress,
    ...lexicon.transit,
    ...lexicon.price,
    ...lexicon.failure,
    ...lexicon.defect,
    ...lexicon.outage,
    ...lexicon.functioning,
    ...lexicon.transactional,
    ...lexicon.blocking,
    ...lexicon.scope,
    ...lexicon.safetyParts,
    ...lexicon.paymentWords,
    ...lexicon.batteryParts,
    ...lexicon.overheating,
    ...lexicon.chargeWords,
    ...lexicon.repeatWords,
    ...lexicon.negatorsBefore,
    ...lexicon.negatorsAfter,
    ...weighted(lexicon.positive),
    ...weighted(lexicon.negative),
    ...lexicon.request,
    ...weighted(lexicon.question),
    ...Object.values(lexicon.categories).flatMap((terms) => weighted(terms)),
    ...lexicon.domain,
    ...lexicon.contrast,
  ];
}
