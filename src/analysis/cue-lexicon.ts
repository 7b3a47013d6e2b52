import type { Category } from 'src/analysis/message-analysis';
import {
  LEXICON_LANGUAGES,
  LEXICONS,
  type Lexicon,
  type LexiconLanguage,
  type WeightedTerms,
} from 'src/analysis/lexicons';
import { isStemmed, stemOf } from 'src/analysis/stemming';
import { baseWord, foldForMatching, lowerCaseFor } from 'src/analysis/text-normalization';

export enum CueKind {
  Urgency = 'urgency',
  Calm = 'calm',
  Severity = 'severity',
  Stranded = 'stranded',
  Threat = 'threat',
  Theft = 'theft',
  Settled = 'settled',
  Accusation = 'accusation',
  Fraud = 'fraud',
  MoneyContext = 'money_context',
  AmbientHeat = 'ambient_heat',
  Roadside = 'roadside',
  Later = 'later',
  Conditional = 'conditional',
  PhishingBait = 'phishing_bait',
  CredentialsGiven = 'credentials_given',
  Irony = 'irony',
  Repetition = 'repetition',
  Distress = 'distress',
  Transit = 'transit',
  Price = 'price',
  Failure = 'failure',
  Defect = 'defect',
  Outage = 'outage',
  Functioning = 'functioning',
  Transactional = 'transactional',
  Blocking = 'blocking',
  Scope = 'scope',
  SafetyPart = 'safety_part',
  PaymentWord = 'payment_word',
  BatteryPart = 'battery_part',
  Overheating = 'overheating',
  ChargeWord = 'charge_word',
  RepeatWord = 'repeat_word',
  NegatorBefore = 'negator_before',
  NegatorAfter = 'negator_after',
  Positive = 'positive',
  Negative = 'negative',
  Request = 'request',
  Question = 'question',
  Category = 'category',
  Domain = 'domain',
  Contrast = 'contrast',
}

export interface CueDef {
  kind: CueKind;
  weight: number;
  category: Category | null;
}

// `null` in a token list marks a clause boundary.
export interface MatchWord {
  // Lower-cased in the message's language: the stemmer's input.
  lower: string;
  folded: string;
  // Such a word is compared with its diacritics, because folding merges distinct words ("açıl-"
  // open, "acil" urgent); a plain-ASCII word is compared folded, because it was probably typed on
  // a keyboard without them ("acil degil").
  hasDiacritics: boolean;
  // German nouns; used for compound tails.
  isCapitalized: boolean;
}

export interface CueMatch {
  start: number;
  end: number;
  defs: CueDef[];
  // Turkish negates inside the word: "yaralanmadı" is "yaralan-" (get hurt) with "-ma-" (not).
  isNegatedBySuffix?: boolean;
}

// Folded remainders after a Turkish stem that negate it: -madı, -maz, -mamış, -mayacak, -madan,
// -mıyor. Not -ma alone or -ması, which make nouns ("patlama", an explosion).
const TURKISH_NEGATIVE_SUFFIX = /^(?:m[ae]di|m[ae]z|m[ae]mis|m[ae]yac|m[ae]d[ae]n|m[iu]yo)/;

interface PatternWord {
  lower: string;
  folded: string;
  stem: string | null;
  isPrefix: boolean;
}

interface Pattern {
  words: PatternWord[];
  defs: CueDef[];
}

// Signal cues (urgency, problems, negators…) and topic cues (category words) are matched in two
// separate passes, so that a signal phrase ("sunucu çöktü") never hides the topic word inside it
// ("sunucu": technical), and a request phrase ("I want") never hides a sales phrase ("want to
// order").
export interface CompiledLexicons {
  signals: CompiledLexicon;
  topics: CompiledLexicon;
}

export interface CompiledLexicon {
  language: LexiconLanguage;
  byWord: Map<string, Pattern[]>;
  byStem: Map<string, Pattern[]>;
  byPrefix: Map<string, Pattern[]>;
  byTail: Map<string, Pattern[]>;
  prefixLengths: number[];
  hasCompounds: boolean;
}

const MIN_TAIL_LENGTH = 5;
const MIN_HEAD_LENGTH = 3;

// Compiled once, at module load, so matching is map look-ups only.
export const COMPILED_LEXICONS: Readonly<Record<LexiconLanguage, CompiledLexicons>> =
  Object.fromEntries(
    LEXICON_LANGUAGES.map((language) => [language, compileLexicons(language, LEXICONS[language])]),
  ) as Record<LexiconLanguage, CompiledLexicons>;

function emptyLexicon(language: LexiconLanguage): CompiledLexicon {
  return {
    language,
    byWord: new Map(),
    byStem: new Map(),
    byPrefix: new Map(),
    byTail: new Map(),
    prefixLengths: [],
    hasCompounds: false,
  };
}

function compileLexicons(language: LexiconLanguage, lexicon: Lexicon): CompiledLexicons {
  const signals = emptyLexicon(language);
  // Compounds name things ("Mengenrabatt", "kassesystemet"), so only topic words match as tails.
  const topics = {
    ...emptyLexicon(language),
    hasCompounds: language === 'de' || language === 'no',
  };
  const signalPatterns = new Map<string, Pattern>();
  const topicPatterns = new Map<string, Pattern>();
  const add = (term: string, def: CueDef, isStemAllowed: boolean): void => {
    const isTopic = def.kind === CueKind.Category || def.kind === CueKind.Domain;
    const pattern = patternFor(
      language,
      term,
      isStemAllowed,
      isTopic ? topicPatterns : signalPatterns,
      isTopic ? topics : signals,
    );
    if (!pattern) {
      return;
    }
    // Entries sharing a stem ("price", "prices", "pricing") are one cue, not three.
    const same = pattern.defs.find(
      (existing) => existing.kind === def.kind && existing.category === def.category,
    );
    if (same) {
      same.weight = Math.max(same.weight, def.weight);
    } else {
      pattern.defs.push(def);
    }
  };
  const addAll = (terms: readonly string[], kind: CueKind, isStemAllowed: boolean): void => {
    for (const term of terms) {
      add(term, { kind, weight: 1, category: null }, isStemAllowed);
    }
  };
  const addWeighted = (
    terms: WeightedTerms,
    kind: CueKind,
    isStemAllowed: boolean,
    category: Category | null = null,
  ): void => {
    for (const [weight, list] of terms) {
      for (const term of list) {
        add(term, { kind, weight, category }, isStemAllowed);
      }
    }
  };

  addWeighted(lexicon.urgency, CueKind.Urgency, false);
  addAll(lexicon.calm, CueKind.Calm, false);
  addWeighted(lexicon.severity, CueKind.Severity, false);
  // Stemmed, so that colloquial forms ("komm nicht weiter") match too.
  addAll(lexicon.stranded, CueKind.Stranded, true);
  addAll(lexicon.threat, CueKind.Threat, false);
  addAll(lexicon.theft, CueKind.Theft, false);
  addAll(lexicon.settled, CueKind.Settled, false);
  addAll(lexicon.accusation, CueKind.Accusation, false);
  addAll(lexicon.fraud, CueKind.Fraud, false);
  addAll(lexicon.moneyContext, CueKind.MoneyContext, false);
  addAll(lexicon.ambientHeat, CueKind.AmbientHeat, false);
  addAll(lexicon.roadside, CueKind.Roadside, true);
  addAll(lexicon.later, CueKind.Later, false);
  addAll(lexicon.conditional, CueKind.Conditional, false);
  addAll(lexicon.phishingBait, CueKind.PhishingBait, false);
  addAll(lexicon.credentialsGiven, CueKind.CredentialsGiven, false);
  addAll(lexicon.irony, CueKind.Irony, false);
  addAll(lexicon.repetition, CueKind.Repetition, false);
  addAll(lexicon.distress, CueKind.Distress, false);
  addAll(lexicon.transit, CueKind.Transit, true);
  addAll(lexicon.price, CueKind.Price, true);
  addAll(lexicon.failure, CueKind.Failure, true);
  addAll(lexicon.defect, CueKind.Defect, true);
  addAll(lexicon.outage, CueKind.Outage, false);
  addAll(lexicon.functioning, CueKind.Functioning, true);
  addAll(lexicon.transactional, CueKind.Transactional, true);
  addAll(lexicon.blocking, CueKind.Blocking, false);
  addAll(lexicon.scope, CueKind.Scope, false);
  addAll(lexicon.safetyParts, CueKind.SafetyPart, true);
  addAll(lexicon.paymentWords, CueKind.PaymentWord, true);
  addAll(lexicon.batteryParts, CueKind.BatteryPart, true);
  addAll(lexicon.overheating, CueKind.Overheating, true);
  addAll(lexicon.chargeWords, CueKind.ChargeWord, false);
  addAll(lexicon.repeatWords, CueKind.RepeatWord, false);
  addAll(lexicon.negatorsBefore, CueKind.NegatorBefore, false);
  addAll(lexicon.negatorsAfter, CueKind.NegatorAfter, false);
  addWeighted(lexicon.positive, CueKind.Positive, true);
  addWeighted(lexicon.negative, CueKind.Negative, true);
  addAll(lexicon.request, CueKind.Request, false);
  addWeighted(lexicon.question, CueKind.Question, false);
  for (const [category, terms] of Object.entries(lexicon.categories) as [
    Category,
    WeightedTerms,
  ][]) {
    addWeighted(terms, CueKind.Category, true, category);
  }
  addAll(lexicon.domain, CueKind.Domain, true);
  addAll(lexicon.contrast, CueKind.Contrast, false);

  for (const compiled of [signals, topics]) {
    compiled.prefixLengths = [...new Set([...compiled.byPrefix.keys()].map((key) => key.length))];
    compiled.prefixLengths.sort((a, b) => a - b);
  }
  return { signals, topics };
}

function patternFor(
  language: LexiconLanguage,
  term: string,
  isStemAllowed: boolean,
  patterns: Map<string, Pattern>,
  compiled: CompiledLexicon,
): Pattern | null {
  const isExactOnly = term.startsWith('=');
  const parts = (isExactOnly ? term.slice(1) : term)
    .split(/[\s-]+/)
    .filter((part) => part)
    .map((part) => (part.endsWith('*') ? part : baseWord(part)));
  if (parts.length === 0) {
    return null;
  }
  const canStem = isStemAllowed && !isExactOnly && isStemmed(language);
  const words: PatternWord[] = parts.map((part) => {
    const isPrefix = part.endsWith('*');
    const bare = isPrefix ? part.slice(0, -1) : part;
    const lower = lowerCaseFor(bare, language);
    return {
      lower,
      folded: foldForMatching(bare),
      stem: canStem && !isPrefix ? stemOf(language, lower) : null,
      isPrefix,
    };
  });
  const key = words
    .map((word) => word.stem ?? `${isExactOnly ? '=' : ''}${word.lower}${word.isPrefix ? '*' : ''}`)
    .join(' ');
  const existing = patterns.get(key);
  if (existing) {
    return existing;
  }
  const pattern: Pattern = { words, defs: [] };
  patterns.set(key, pattern);
  const first = words[0];
  if (first.isPrefix) {
    push(compiled.byPrefix, first.folded, pattern);
  } else {
    push(compiled.byWord, first.folded, pattern);
    if (first.stem !== null) {
      push(compiled.byStem, first.stem, pattern);
      if (compiled.hasCompounds && words.length === 1 && first.stem.length >= MIN_TAIL_LENGTH) {
        push(compiled.byTail, first.stem, pattern);
      }
    }
  }
  return pattern;
}

function push(map: Map<string, Pattern[]>, key: string, pattern: Pattern): void {
  const list = map.get(key);
  if (list) {
    list.push(pattern);
  } else {
    map.set(key, [pattern]);
  }
}

// Longest phrase first; a matched phrase's words are not matched again, so "acil değil" is a
// calm phrase and never also "acil".
export function matchCues(
  lexicon: CompiledLexicon,
  tokens: readonly (MatchWord | null)[],
): CueMatch[] {
  const matches: CueMatch[] = [];
  let index = 0;
  while (index < tokens.length) {
    const word = tokens[index];
    if (!word) {
      index += 1;
      continue;
    }
    let bestLength = 0;
    let bestDefs: CueDef[] = [];
    let bestPattern: Pattern | null = null;
    const { candidates, tails } = candidatesFor(lexicon, word);
    for (const pattern of [...candidates, ...tails]) {
      const length = pattern.words.length;
      const isMatch = tails.includes(pattern) || matchesAt(lexicon, pattern, tokens, index);
      if (length < bestLength || !isMatch) {
        continue;
      }
      if (length > bestLength) {
        bestLength = length;
        bestDefs = [...pattern.defs];
        bestPattern = pattern;
      } else {
        bestDefs.push(...pattern.defs);
      }
    }
    if (bestLength > 0) {
      const match: CueMatch = { start: index, end: index + bestLength, defs: bestDefs };
      if (lexicon.language === 'tr' && bestPattern && isSuffixNegated(bestPattern, tokens, index)) {
        match.isNegatedBySuffix = true;
      }
      matches.push(match);
      index += bestLength;
    } else {
      index += 1;
    }
  }
  return matches;
}

function candidatesFor(
  lexicon: CompiledLexicon,
  word: MatchWord,
): { candidates: Pattern[]; tails: Pattern[] } {
  const found: Pattern[] = [];
  const addFrom = (list: Pattern[] | undefined): void => {
    for (const pattern of list ?? []) {
      if (!found.includes(pattern)) {
        found.push(pattern);
      }
    }
  };
  addFrom(lexicon.byWord.get(word.folded));
  const stem = isStemmed(lexicon.language) ? stemOf(lexicon.language, word.lower) : null;
  if (stem !== null) {
    addFrom(lexicon.byStem.get(stem));
  }
  for (const length of lexicon.prefixLengths) {
    if (length > word.folded.length) {
      break;
    }
    addFrom(lexicon.byPrefix.get(word.folded.slice(0, length)));
  }
  // German capitalises nouns, so only a capitalised word is read as a compound ("Mengenrabatt"),
  // never a verb ("verkaufen" is not "kaufen").
  const tails: Pattern[] = [];
  if (
    stem !== null &&
    lexicon.hasCompounds &&
    found.length === 0 &&
    (word.isCapitalized || lexicon.language === 'no')
  ) {
    for (let start = MIN_HEAD_LENGTH; stem.length - start >= MIN_TAIL_LENGTH; start += 1) {
      const tail = lexicon.byTail.get(stem.slice(start));
      if (tail) {
        tails.push(...tail);
        break;
      }
    }
  }
  return { candidates: found, tails };
}

function isSuffixNegated(
  pattern: Pattern,
  tokens: readonly (MatchWord | null)[],
  index: number,
): boolean {
  const last = pattern.words[pattern.words.length - 1];
  const word = tokens[index + pattern.words.length - 1];
  return (
    last.isPrefix &&
    word !== null &&
    word !== undefined &&
    TURKISH_NEGATIVE_SUFFIX.test(word.folded.slice(last.folded.length))
  );
}

function matchesAt(
  lexicon: CompiledLexicon,
  pattern: Pattern,
  tokens: readonly (MatchWord | null)[],
  index: number,
): boolean {
  for (let offset = 0; offset < pattern.words.length; offset += 1) {
    const word = tokens[index + offset];
    if (!word || !wordMatches(lexicon, pattern.words[offset], word)) {
      return false;
    }
  }
  return true;
}

function wordMatches(lexicon: CompiledLexicon, expected: PatternWord, word: MatchWord): boolean {
  if (expected.stem !== null && stemOf(lexicon.language, word.lower) === expected.stem) {
    return true;
  }
  const [actual, wanted] = word.hasDiacritics
    ? [word.lower, expected.lower]
    : [word.folded, expected.folded];
  return expected.isPrefix ? actual.startsWith(wanted) : actual === wanted;
}
