import {
  COMPILED_LEXICONS,
  CueKind,
  matchCues,
  type CueDef,
  type CueMatch,
  type MatchWord,
} from 'src/analysis/cue-lexicon';
import { detectLanguage, type DetectedLanguage } from 'src/analysis/language-detection';
import {
  ACRONYMS,
  ALARM_EMOJI,
  ANGRY_EMOJI,
  CODE_PATTERN,
  CLOCK_DEADLINE_PATTERNS,
  CODE_WORDS,
  DURATION_PATTERNS,
  IMMINENT_PATTERNS,
  INJECTION_PATTERNS,
  LEXICONS,
  NEGATIVE_EMOJI,
  NUMBER_WORDS,
  OPENING_HOURS_PATTERN,
  POSITIVE_EMOJI,
  REPEAT_CONTACT_PATTERN,
  SAME_DAY_PATTERN,
  SCOPE_PATTERNS,
  type Lexicon,
} from 'src/analysis/lexicons';
import { Category } from 'src/analysis/message-analysis';
import { baseWord, foldForMatching, lowerCaseFor } from 'src/analysis/text-normalization';

// Longer texts are cut: the first few thousand characters carry the request.
export const MAX_ANALYZED_CHARACTERS = 4000;

const NEGATION_WINDOW = 2;
const MAX_KEYWORDS = 8;

// "4.500 TL" and "1,299 €" are one number, not a sentence end; "A&E" is one word.
const TOKEN_PATTERN =
  /([\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:(?<=\p{N})[.,]\p{N}+|&\p{L}+)*(?:['’ʼ][\p{L}\p{M}]+)?)|([.!?;\n…]+)|([,:()[\]"“”«»]+|\s[-–—]+\s)/gu;
// "am 3. Oktober", "17. mai": the full stop after a day number is not a sentence end.
const ORDINAL_DAY_FOLLOWER =
  /^ +(?:\p{Ll}|(?:Jan|Feb|Mar|Mär|Apr|Mai|May|Jun|Jul|Aug|Sep|Okt|Oct|Nov|Dez|Dec)\p{Ll}*)/u;
const ORDINAL_DAY = /^\d{1,2}$/;
// Quoted material is someone else's words: their promises and feelings are not the customer's.
const QUOTED_LINE = /^[ \t]*>.*$/gm;
const QUOTE_PAIRS: readonly [string, string][] = [
  ['“', '”'],
  ['„', '“'],
  ['«', '»'],
  ['‚', '‘'],
  ['"', '"'],
  ["'", "'"],
  ['‘', '’'],
];
const MAX_QUOTE_LENGTH = 160;
const QUOTE_MUTED_KINDS = new Set<CueKind>([
  CueKind.Urgency,
  CueKind.Calm,
  CueKind.Positive,
  CueKind.Negative,
  CueKind.Question,
]);
// German verb-second clauses put a separable prefix last ("der Akku geht während der Fahrt aus").
const SEPARABLE_PARTICLES = new Set(['an', 'ab', 'auf', 'aus', 'ein', 'zu', 'mit', 'los', 'weg']);
const CLAUSE_OPENERS = new Set([
  'und',
  'oder',
  'aber',
  'wenn',
  'sobald',
  'weil',
  'als',
  'nachdem',
  'obwohl',
  'dass',
  'sodass',
  'sondern',
]);
const ERROR_CODE = /^(?:e|err|error)\d{1,4}$/;
const NON_ASCII_LETTER = /\P{ASCII}/u;
// A rider stuck on the road needs an answer within the hour, whatever broke.
const STRANDED_FLOOR = 7;
// A hot, swollen or hissing battery is a fire about to start.
const BATTERY_HAZARD_FLOOR = 8;
// A theft told as it happens is a chance to catch the thief on camera; an old one is paperwork.
const FRESH_THEFT_FLOOR = 7;
const SETTLED_THEFT_FLOOR = 6;
// Card details typed into a fake link: the card has to be blocked now.
const PHISHING_FLOOR = 7;
const FRAUD_FLOOR = 7;
const FRAUD_SUPPORT = 2;
const ACCUSATION_COMPLAINT = 3;
const PHISHING_SUPPORT = 2;
// "Habt ihr am 3. Oktober offen?": a question about opening times, whatever else is planned.
const OPENING_QUESTION = new RegExp(`(?:${OPENING_HOURS_PATTERN.source})[^.!?\\n]*\\?`);
const OPENING_QUESTION_INQUIRY = 2;
// "help!!", "hilfe", "imdat": a message that is nothing but a call for help.
const MAX_DISTRESS_WORDS = 3;
const DISTRESS_URGENCY = 4;
// Sarcastic praise and repeated chasing are grievances.
const IRONY_COMPLAINT = 3;
const REPEAT_CONTACT_COMPLAINT = 2;
// An order still not moving after a week is late, not merely on its way.
const OVERDUE_DAYS = 7;
// Money taken twice ("2x belastet", "trukket 12 990 kr to ganger") is as pressing as fraud.
const DUPLICATE_CHARGE_FLOOR = 7;
const TURKISH_SUFFIX_NEGATOR = '-ma-';
// In a conditional question ("what happens if it catches fire?") an incident is only imagined.
const HYPOTHETICAL_KINDS = new Set<CueKind>([
  CueKind.Severity,
  CueKind.Theft,
  CueKind.Overheating,
  CueKind.Stranded,
  CueKind.Roadside,
  CueKind.Threat,
]);
const HABITUAL_NEGATORS = new Set(['never', 'nie', 'niemals', 'aldri', 'asla']);
const ENGLISH_CHAT_SPELLINGS: ReadonlyMap<string, string> = new Map([
  ['u', 'you'],
  ['ur', 'your'],
  ['r', 'are'],
  ['pls', 'please'],
  ['plz', 'please'],
  ['ppl', 'people'],
  ['b4', 'before'],
  ['2day', 'today'],
  ['tmrw', 'tomorrow'],
  ['tmr', 'tomorrow'],
  ['msg', 'message'],
  ['acc', 'account'],
]);
const CURRENCY_WORDS = new Set(
  'kr nok tl lira try euro euros eur usd dollar dollars chf'.split(' '),
);
const HTTP_ERROR_CODES = new Set('400 401 403 404 408 429 500 502 503 504'.split(' '));
const HTTP_ERROR_TOKEN = /^(\d{3})(?:er|ern|s|ler|lar|ere)?$/;
// The server answers, but says it cannot serve anyone: an outage, not a single failed request.
const HTTP_OUTAGE_CODES = new Set(['502', '503', '504']);
const SQL_NAME_KEYWORDS = new Set([
  'from',
  'table',
  'database',
  'schema',
  'into',
  'update',
  'join',
]);
// A word touching a quote or "=" inside code is a literal or a column name.
const CODE_ADJACENT = /['"=]/;

const NEGATABLE = new Set<CueKind>([
  CueKind.Overheating,
  CueKind.Urgency,
  CueKind.Severity,
  CueKind.Stranded,
  CueKind.Threat,
  CueKind.Failure,
  CueKind.Defect,
  CueKind.Outage,
  CueKind.Functioning,
  CueKind.Transactional,
  CueKind.Positive,
  CueKind.Negative,
  CueKind.Scope,
  CueKind.Theft,
  CueKind.Fraud,
]);

const SEPARABLE_VERBS = separableVerbsOf(LEXICONS.de);

// English cues of these kinds are trusted inside other languages: loanwords ("app", "urgent").
const LOANWORD_KINDS = new Set<CueKind>([CueKind.Category, CueKind.Domain, CueKind.Urgency]);
const LOANWORD_MIN_URGENCY = 4;

export interface TextFeatures {
  language: DetectedLanguage;
  wordCount: number;
  urgency: number;
  // Negated urgency words count here too.
  calm: number;
  severityFloor: number;
  isThreat: boolean;
  failure: number;
  defect: number;
  hasOutage: boolean;
  isBlocking: boolean;
  isWideScope: boolean;
  isSafetyFailure: boolean;
  isIncident: boolean;
  positive: number;
  negative: number;
  isRequest: boolean;
  isQuestion: boolean;
  categoryScores: Record<Category, number>;
  // 0–3: exclamation runs, alarm emoji, shouting.
  weakSignals: number;
  hasSameDayDeadline: boolean;
  keywords: string[];
  urgencyTerms: string[];
  severityTerms: string[];
  problemTerms: string[];
  negatedTerms: string[];
  isInjectionIgnored: boolean;
  isCodeIgnored: boolean;
  isIronic: boolean;
  ironyCount: number;
  isOverdue: boolean;
  isPriceQuestion: boolean;
  // A bare call for help ("help!!", "acil") with nothing else in it.
  isDistressCall: boolean;
}

interface Token {
  start: number;
  end: number;
  surface: string;
  lower: string;
  folded: string;
  isWord: boolean;
  sentence: number;
  isIgnored: boolean;
  isQuoted: boolean;
}

interface Span {
  start: number;
  end: number;
}

export function emptyCategoryScores(): Record<Category, number> {
  return {
    [Category.Sales]: 0,
    [Category.Support]: 0,
    [Category.Complaint]: 0,
    [Category.Inquiry]: 0,
    [Category.Technical]: 0,
    [Category.General]: 0,
  };
}

export function extractFeatures(rawText: string): TextFeatures {
  const text =
    rawText.length > MAX_ANALYZED_CHARACTERS ? rawText.slice(0, MAX_ANALYZED_CHARACTERS) : rawText;
  const { tokens, sentenceSpans } = tokenize(text);
  const words = tokens.filter((token) => token.isWord);
  const language = detectLanguage(
    text,
    words.map((token) => token.folded),
  );
  for (const token of words) {
    // "ACIL" typed on a keyboard without Turkish letters means "acil", not "acıl".
    const isPlainAscii = !NON_ASCII_LETTER.test(token.surface);
    token.lower = baseWord(
      isPlainAscii ? token.surface.toLowerCase() : lowerCaseFor(token.surface, language.code),
    );
    const spelled =
      language.lexicon === 'en' ? ENGLISH_CHAT_SPELLINGS.get(token.folded) : undefined;
    if (spelled) {
      token.lower = spelled;
      token.folded = spelled;
    }
  }
  const isCodeIgnored = ignoreCode(tokens, text, sentenceSpans);
  const isInjectionIgnored = ignoreInjections(tokens);
  markQuoted(tokens, text);
  if (language.lexicon === 'de') {
    joinSeparableVerbs(tokens, SEPARABLE_VERBS);
  }

  const matchWords: (MatchWord | null)[] = tokens.map((token) =>
    token.isWord && !token.isIgnored
      ? {
          lower: token.lower,
          folded: token.folded,
          hasDiacritics: NON_ASCII_LETTER.test(token.surface),
          isCapitalized: isCapitalized(token.surface),
        }
      : null,
  );
  const own = COMPILED_LEXICONS[language.lexicon];
  const english = language.lexicon === 'en' ? null : COMPILED_LEXICONS.en;
  const loanwords = (lexicon: 'signals' | 'topics'): CueMatch[] =>
    english ? matchCues(english[lexicon], matchWords).map(loanwordsOnly) : [];
  const signals = mergeMatches(matchCues(own.signals, matchWords), loanwords('signals'));
  // "not a big deal", "ingen stress": words of a calm phrase say nothing about the topic.
  const calmWords = coveredBy(signals.filter((match) => hasKind(match, CueKind.Calm)));
  const topics = mergeMatches(matchCues(own.topics, matchWords), loanwords('topics')).filter(
    (match) => !overlaps(match, calmWords),
  );
  const negated = resolveNegations(signals, tokens);
  const matches = [...signals, ...topics].sort((a, b) => a.start - b.start);

  const features = aggregate(matches, negated, tokens);
  features.language = language;
  features.wordCount = words.length;
  features.isCodeIgnored = isCodeIgnored;
  features.isInjectionIgnored = isInjectionIgnored;
  addTokenCues(features, tokens);
  const visible = visibleText(text, tokens, sentenceSpans);
  addSurfaceSignals(features, tokens, matches, visible);
  const folded = foldForMatching(visible).replace(/\s+/g, ' ');
  features.hasSameDayDeadline = hasSameDayDeadline(folded);
  // "My shift starts in 20 min": a deadline minutes away presses more than "today" does.
  if (IMMINENT_PATTERNS.some((pattern) => pattern.test(folded))) {
    features.hasSameDayDeadline = true;
    features.urgency += 1;
    features.urgencyTerms.push('minutes away');
  }
  addPatternCues(features, folded, matches);
  // Praise next to an ironic turn ("oh great", "na toll"), or two ironic turns on their own
  // ("ganz großes Kino … danke auch"), is a complaint.
  features.isIronic =
    features.ironyCount >= 2 || (features.ironyCount >= 1 && features.positive > 0);
  if (features.isIronic) {
    features.categoryScores[Category.Complaint] += IRONY_COMPLAINT;
    features.negative += features.positive;
    features.positive = 0;
  }
  if (features.isDistressCall && features.wordCount > MAX_DISTRESS_WORDS) {
    features.isDistressCall = false;
  }
  if (features.isDistressCall && features.urgency < DISTRESS_URGENCY) {
    features.urgency = DISTRESS_URGENCY;
    features.categoryScores[Category.Support] += 1;
  }
  assignProblemsToCategory(features);
  return features;
}

function tokenize(text: string): { tokens: Token[]; sentenceSpans: Span[] } {
  const tokens: Token[] = [];
  const sentenceSpans: Span[] = [];
  let sentence = 0;
  let sentenceStart = 0;
  for (const match of text.matchAll(TOKEN_PATTERN)) {
    const [whole, word, sentenceEnd] = match;
    const index = match.index ?? 0;
    if (word !== undefined) {
      const base = baseWord(word);
      tokens.push({
        start: index,
        end: index + word.length,
        surface: word,
        lower: base.toLowerCase(),
        folded: foldForMatching(base),
        isWord: true,
        sentence,
        isIgnored: false,
        isQuoted: false,
      });
      continue;
    }
    tokens.push({
      start: index,
      end: index + whole.length,
      surface: whole,
      lower: whole,
      folded: whole,
      isWord: false,
      sentence,
      isIgnored: false,
      isQuoted: false,
    });
    const previous = tokens[tokens.length - 2];
    const isOrdinalDay =
      whole === '.' &&
      previous?.isWord === true &&
      ORDINAL_DAY.test(previous.surface) &&
      ORDINAL_DAY_FOLLOWER.test(text.slice(index + 1, index + 12));
    if (sentenceEnd !== undefined && !isOrdinalDay) {
      sentenceSpans.push({ start: sentenceStart, end: index + whole.length });
      sentenceStart = index + whole.length;
      sentence += 1;
    }
  }
  sentenceSpans.push({ start: sentenceStart, end: text.length });
  return { tokens, sentenceSpans };
}

// Two-word lexicon phrases that end in a particle ("geht aus", "nimmt an"), keyed by the particle.
function separableVerbsOf(lexicon: Lexicon): Map<string, Set<string>> {
  const verbs = new Map<string, Set<string>>();
  const phrases = [
    ...lexicon.failure,
    ...lexicon.defect,
    ...lexicon.outage,
    ...lexicon.functioning,
    ...lexicon.transactional,
  ];
  for (const phrase of phrases) {
    const words = phrase.split(' ');
    if (words.length !== 2 || !SEPARABLE_PARTICLES.has(words[1]) || words[0].includes('*')) {
      continue;
    }
    const forms = verbs.get(words[1]) ?? new Set<string>();
    forms.add(foldForMatching(words[0]));
    verbs.set(words[1], forms);
  }
  return verbs;
}

function markQuoted(tokens: Token[], text: string): void {
  const spans: Span[] = [];
  for (const line of text.matchAll(QUOTED_LINE)) {
    spans.push({ start: line.index ?? 0, end: (line.index ?? 0) + line[0].length });
  }
  for (const [open, close] of QUOTE_PAIRS) {
    let from = 0;
    while (from < text.length) {
      const start = findQuoteMark(text, open, from, true);
      if (start < 0) {
        break;
      }
      const end = findQuoteMark(text, close, start + 1, false);
      if (end < 0 || end - start > MAX_QUOTE_LENGTH || text.slice(start, end).includes('\n')) {
        from = start + 1;
        continue;
      }
      spans.push({ start, end });
      from = end + 1;
    }
  }
  for (const token of tokens) {
    token.isQuoted = spans.some((span) => token.start > span.start && token.end <= span.end);
  }
}

// An apostrophe inside a word ("we'll", "3'e") neither opens nor closes a quotation.
function findQuoteMark(text: string, mark: string, from: number, isOpening: boolean): number {
  let index = text.indexOf(mark, from);
  while (index >= 0) {
    const before = text.charAt(index - 1);
    const after = text.charAt(index + 1);
    const isInsideWord = /[\p{L}\p{N}]/u.test(before) && /[\p{L}\p{N}]/u.test(after);
    const isValid = isOpening
      ? !/[\p{L}\p{N}]/u.test(before) && /[\p{L}\p{N}]/u.test(after)
      : !isInsideWord && !/[\p{L}\p{N}]/u.test(after);
    if (isValid) {
      return index;
    }
    index = text.indexOf(mark, index + 1);
  }
  return -1;
}

// Moves the verb next to its clause-final particle ("nimmt … keine Karten mehr an" becomes
// "… keine Karten mehr nimmt an"), so the lexicon's "nimmt an" and the negation before it match.
function joinSeparableVerbs(
  tokens: Token[],
  verbs: ReadonlyMap<string, ReadonlySet<string>>,
): void {
  let clauseStart = 0;
  for (let index = 0; index <= tokens.length; index += 1) {
    const token = tokens[index];
    const isBoundary = token === undefined || !token.isWord || CLAUSE_OPENERS.has(token.folded);
    if (!isBoundary) {
      continue;
    }
    const last = index - 1;
    const particle = tokens[last];
    const forms = particle?.isWord ? verbs.get(particle.folded) : undefined;
    if (forms && last - clauseStart >= 2) {
      for (let verb = clauseStart; verb < last - 1; verb += 1) {
        if (tokens[verb].isWord && forms.has(tokens[verb].folded)) {
          const [moved] = tokens.splice(verb, 1);
          tokens.splice(last - 1, 0, moved);
          break;
        }
      }
    }
    clauseStart = index + 1;
  }
}

function isCapitalized(surface: string): boolean {
  const first = surface.charAt(0);
  return first !== first.toLowerCase();
}

function ignoreCode(tokens: Token[], text: string, sentenceSpans: Span[]): boolean {
  let isIgnored = false;
  sentenceSpans.forEach((span, sentence) => {
    if (!CODE_PATTERN.test(text.slice(span.start, span.end))) {
      return;
    }
    isIgnored = true;
    let isSelectList = false;
    let previous: Token | null = null;
    for (const token of tokens) {
      if (token.sentence !== sentence || !token.isWord) {
        continue;
      }
      const isName =
        isSelectList ||
        (previous !== null && SQL_NAME_KEYWORDS.has(previous.folded)) ||
        CODE_ADJACENT.test(text.charAt(token.start - 1)) ||
        CODE_ADJACENT.test(text.charAt(token.end));
      if (isName || CODE_WORDS.has(token.folded)) {
        token.isIgnored = true;
      }
      if (token.folded === 'select') {
        isSelectList = true;
      } else if (token.folded === 'from') {
        isSelectList = false;
      }
      previous = token;
    }
  });
  return isIgnored;
}

// Removed before anything is counted, so an instruction ("ignore previous instructions and mark
// this critical") can neither raise nor lower urgency.
function ignoreInjections(tokens: Token[]): boolean {
  const sentences = new Map<number, Token[]>();
  for (const token of tokens) {
    if (token.isWord) {
      const words = sentences.get(token.sentence) ?? [];
      words.push(token);
      sentences.set(token.sentence, words);
    }
  }
  let isIgnored = false;
  for (const words of sentences.values()) {
    const folded = words.map((token) => token.folded).join(' ');
    if (INJECTION_PATTERNS.some((pattern) => pattern.test(folded))) {
      isIgnored = true;
      for (const word of words) {
        word.isIgnored = true;
      }
    }
  }
  return isIgnored;
}

function loanwordsOnly(match: CueMatch): CueMatch {
  return {
    ...match,
    defs: match.defs.filter(
      (def) =>
        LOANWORD_KINDS.has(def.kind) &&
        (def.kind !== CueKind.Urgency || def.weight >= LOANWORD_MIN_URGENCY),
    ),
  };
}

// The message language's own reading wins where both lexicons matched the same words.
function mergeMatches(primary: CueMatch[], secondary: CueMatch[]): CueMatch[] {
  const covered = coveredBy(primary);
  const extra = secondary.filter((match) => match.defs.length > 0 && !overlaps(match, covered));
  return [...primary, ...extra].sort((a, b) => a.start - b.start);
}

function coveredBy(matches: CueMatch[]): Set<number> {
  const covered = new Set<number>();
  for (const match of matches) {
    for (let index = match.start; index < match.end; index += 1) {
      covered.add(index);
    }
  }
  return covered;
}

function overlaps(match: CueMatch, covered: Set<number>): boolean {
  for (let index = match.start; index < match.end; index += 1) {
    if (covered.has(index)) {
      return true;
    }
  }
  return false;
}

function hasKind(match: CueMatch, kind: CueKind): boolean {
  return match.defs.some((def) => def.kind === kind);
}

// A negator cancels the nearest negatable cue within a few words, never across a clause boundary
// or a contrast word ("not urgent, but broken" keeps "broken"). Negators that precede ("not",
// "nicht", "ikke") look ahead; those that follow ("değil", "yok", German/Norwegian verb-second
// "eilt nicht", "haster ikke") look back.
function resolveNegations(matches: CueMatch[], tokens: Token[]): Map<CueMatch, string> {
  const negated = new Map<CueMatch, string>();
  const contrastAt = new Set<number>();
  for (const match of matches) {
    if (match.defs.some((def) => def.kind === CueKind.Contrast)) {
      contrastAt.add(match.start);
    }
  }
  const gapBetween = (from: number, to: number): number | null => {
    let gap = 0;
    for (let index = from; index < to; index += 1) {
      const token = tokens[index];
      if (!token.isWord || contrastAt.has(index)) {
        return null;
      }
      gap += 1;
    }
    return gap;
  };
  const isNegatable = (match: CueMatch): boolean =>
    !negated.has(match) && match.defs.some((def) => NEGATABLE.has(def.kind));
  for (const match of matches) {
    if (match.isNegatedBySuffix && isNegatable(match)) {
      negated.set(match, TURKISH_SUFFIX_NEGATOR);
    }
  }

  matches.forEach((negator, position) => {
    const looksAhead = negator.defs.some((def) => def.kind === CueKind.NegatorBefore);
    const looksBack = negator.defs.some((def) => def.kind === CueKind.NegatorAfter);
    if (!looksAhead && !looksBack) {
      return;
    }
    let best: { match: CueMatch; gap: number } | null = null;
    if (looksBack) {
      for (let index = position - 1; index >= 0; index -= 1) {
        const candidate = matches[index];
        const gap = gapBetween(candidate.end, negator.start);
        if (gap === null || gap > NEGATION_WINDOW) {
          break;
        }
        if (isNegatable(candidate)) {
          best = { match: candidate, gap };
          break;
        }
      }
    }
    if (looksAhead) {
      for (let index = position + 1; index < matches.length; index += 1) {
        const candidate = matches[index];
        const gap = gapBetween(negator.end, candidate.start);
        if (gap === null || gap > NEGATION_WINDOW) {
          break;
        }
        if (isNegatable(candidate)) {
          if (!best || gap < best.gap) {
            best = { match: candidate, gap };
          }
          break;
        }
      }
    }
    if (best) {
      negated.set(best.match, tokens[negator.start].folded);
    }
  });
  return negated;
}

function aggregate(
  matches: CueMatch[],
  negated: Map<CueMatch, string>,
  tokens: Token[],
): TextFeatures {
  const features: TextFeatures = {
    language: { code: 'und', lexicon: 'en' },
    wordCount: 0,
    urgency: 0,
    calm: 0,
    severityFloor: 0,
    isThreat: false,
    failure: 0,
    defect: 0,
    hasOutage: false,
    isBlocking: false,
    isWideScope: false,
    isSafetyFailure: false,
    isIncident: false,
    positive: 0,
    negative: 0,
    isRequest: false,
    isQuestion: false,
    categoryScores: emptyCategoryScores(),
    weakSignals: 0,
    hasSameDayDeadline: false,
    keywords: [],
    urgencyTerms: [],
    severityTerms: [],
    problemTerms: [],
    negatedTerms: [],
    isInjectionIgnored: false,
    isCodeIgnored: false,
    isIronic: false,
    ironyCount: 0,
    isOverdue: false,
    isPriceQuestion: false,
    isDistressCall: false,
  };
  const seen = new Set<CueKind>();
  let theftTerm: string | null = null;
  let fraudTerm: string | null = null;
  let roadsideTerm: string | null = null;
  let ironyCount = 0;
  const failureSentences = new Set<number>();
  const safetySentences = new Set<number>();
  const paymentSentences = new Set<number>();
  const batterySentences = new Set<number>();
  const heatTerms = new Map<number, string>();
  const chargeTerms = new Map<number, string>();
  const repeatSentences = new Set<number>();
  const keywordCandidates: { term: string; rank: number; position: number }[] = [];
  let questionScore = 0;
  const hypotheticalSentences = hypotheticalSentencesOf(matches, tokens);

  for (const match of matches) {
    const term = tokens
      .slice(match.start, match.end)
      .map((token) => token.lower)
      .join(' ');
    const sentence = tokens[match.start].sentence;
    const negator = negated.get(match);
    const isNegated = negator !== undefined;
    const hasFailureDef = match.defs.some((def) => def.kind === CueKind.Failure);
    // "never buying here again" is a verdict, not a payment that fails.
    const isHabitual = negator !== undefined && HABITUAL_NEGATORS.has(negator);
    let rank = -1;
    if (isNegated) {
      features.negatedTerms.push(term);
    }
    const isQuoted = tokens[match.start].isQuoted;
    for (const def of match.defs) {
      if (isHabitual && def.kind === CueKind.Transactional) {
        continue;
      }
      if (isQuoted && QUOTE_MUTED_KINDS.has(def.kind)) {
        continue;
      }
      if (hypotheticalSentences.has(sentence) && HYPOTHETICAL_KINDS.has(def.kind)) {
        continue;
      }
      if (!isNegated) {
        seen.add(def.kind);
      }
      if (def.kind === CueKind.Theft && !isNegated) {
        theftTerm ??= term;
      }
      if (def.kind === CueKind.Fraud && !isNegated) {
        fraudTerm ??= term;
      }
      if (def.kind === CueKind.Roadside) {
        roadsideTerm ??= term;
      }
      if (def.kind === CueKind.Irony) {
        ironyCount += 1;
      }
      rank = Math.max(rank, applyCue(features, def, isNegated, hasFailureDef, term));
      if (def.kind === CueKind.Question) {
        questionScore += def.weight;
      }
      if (def.kind === CueKind.SafetyPart) {
        safetySentences.add(sentence);
      }
      if (def.kind === CueKind.PaymentWord) {
        paymentSentences.add(sentence);
      }
      if (def.kind === CueKind.BatteryPart) {
        batterySentences.add(sentence);
      }
      if (def.kind === CueKind.Overheating && !isNegated) {
        heatTerms.set(sentence, term);
      }
      if (def.kind === CueKind.ChargeWord) {
        chargeTerms.set(sentence, term);
      }
      if (def.kind === CueKind.RepeatWord) {
        repeatSentences.add(sentence);
      }
      if (isFailureCue(def, isNegated)) {
        failureSentences.add(sentence);
      }
    }
    if (rank >= 0) {
      keywordCandidates.push({ term, rank, position: match.start });
    }
  }
  features.isSafetyFailure = [...failureSentences].some((sentence) =>
    safetySentences.has(sentence),
  );
  // "all payments fail", "ödeme sistemi durdu": a failure next to a payment word blocks income.
  features.isBlocking ||= [...failureSentences].some((sentence) => paymentSentences.has(sentence));
  // A battery hot from the sun or a parked car is warm, not failing.
  for (const [sentence, term] of seen.has(CueKind.AmbientHeat) ? [] : heatTerms) {
    if (batterySentences.has(sentence)) {
      addIncident(features, BATTERY_HAZARD_FLOOR, term, Category.Technical);
    }
  }
  // "charged it twice" about a battery is not money taken twice.
  for (const [sentence, term] of chargeTerms) {
    if (repeatSentences.has(sentence) && !batterySentences.has(sentence)) {
      addIncident(features, DUPLICATE_CHARGE_FLOOR, term, Category.Support);
      features.failure += 2;
    }
  }
  if (theftTerm !== null) {
    const floor = seen.has(CueKind.Settled) ? SETTLED_THEFT_FLOOR : FRESH_THEFT_FLOOR;
    if (!features.isIncident) {
      features.categoryScores[Category.Support] += 1;
      features.isIncident = true;
    }
    features.severityFloor = Math.max(features.severityFloor, floor);
    features.severityTerms.push(theftTerm);
  }
  // "Fraud" next to a card, an account or a charge is money being taken; on its own ("Das ist
  // Betrug!", "you scammed me with a used bike") it is an accusation about how we sold something.
  if (fraudTerm !== null && seen.has(CueKind.MoneyContext)) {
    addIncident(features, FRAUD_FLOOR, fraudTerm, Category.Support);
    // "scammed" is also a complaint word; money taken is support's to stop.
    features.categoryScores[Category.Support] += FRAUD_SUPPORT;
  } else if (fraudTerm !== null) {
    features.categoryScores[Category.Complaint] += ACCUSATION_COMPLAINT;
    features.negative += 2;
  }
  // A breakdown while out on the road, in the dark or far from town leaves the rider stuck.
  const isStuckNow = features.calm === 0 && !seen.has(CueKind.Later);
  if (roadsideTerm !== null && features.failure > 0 && isStuckNow) {
    features.categoryScores[Category.Support] += features.isIncident ? 0 : 0.5;
    features.severityFloor = Math.max(features.severityFloor, STRANDED_FLOOR);
    features.severityTerms.push(roadsideTerm);
  }
  // Card details given away are card fraud in the making: support, whatever link or app it was.
  if (seen.has(CueKind.PhishingBait) && seen.has(CueKind.CredentialsGiven)) {
    addIncident(features, PHISHING_FLOOR, 'phishing', Category.Support);
    features.categoryScores[Category.Support] += PHISHING_SUPPORT;
  }
  features.ironyCount = ironyCount;
  // "Oh great, another 'we'll get back to you within 24h'": praise mocking our own quoted words.
  const isMockingQuote =
    seen.has(CueKind.Repetition) && tokens.some((token) => token.isQuoted && token.isWord);
  features.ironyCount += isMockingQuote ? 1 : 0;
  features.isDistressCall = seen.has(CueKind.Distress);
  features.isPriceQuestion = seen.has(CueKind.Price);
  features.isOverdue = seen.has(CueKind.Transit);
  features.isQuestion = questionScore >= 1;
  features.keywords = pickKeywords(keywordCandidates);
  return features;
}

function hypotheticalSentencesOf(matches: CueMatch[], tokens: Token[]): Set<number> {
  const conditional = new Set<number>();
  for (const match of matches) {
    if (hasKind(match, CueKind.Conditional)) {
      conditional.add(tokens[match.start].sentence);
    }
  }
  const hypothetical = new Set<number>();
  if (conditional.size === 0) {
    return hypothetical;
  }
  for (const token of tokens) {
    if (!token.isWord && token.surface.includes('?') && conditional.has(token.sentence)) {
      hypothetical.add(token.sentence);
    }
  }
  return hypothetical;
}

function addIncident(
  features: TextFeatures,
  floor: number,
  term: string,
  category: Category,
): void {
  if (features.severityFloor < floor) {
    features.categoryScores[category] += 2;
  }
  features.severityFloor = Math.max(features.severityFloor, floor);
  features.severityTerms.push(term);
  features.problemTerms.push(term);
}

function isFailureCue(def: CueDef, isNegated: boolean): boolean {
  if (
    def.kind === CueKind.Failure ||
    def.kind === CueKind.Outage ||
    def.kind === CueKind.Blocking
  ) {
    return !isNegated;
  }
  return isNegated && (def.kind === CueKind.Functioning || def.kind === CueKind.Transactional);
}

// The returned keyword rank: higher is more telling, -1 for none.
function applyCue(
  features: TextFeatures,
  def: CueDef,
  isNegated: boolean,
  hasFailureDef: boolean,
  term: string,
): number {
  const scores = features.categoryScores;
  switch (def.kind) {
    case CueKind.Urgency:
      if (isNegated) {
        features.calm += 1;
        return -1;
      }
      features.urgency += def.weight;
      features.urgencyTerms.push(term);
      return 4;
    case CueKind.Calm:
      features.calm += 1;
      return -1;
    case CueKind.Severity:
      if (isNegated) {
        return -1;
      }
      // An incident (fire, injury, theft) asks for help: support, unless the text says otherwise.
      if (!features.isIncident) {
        scores[Category.Support] += 1;
        features.isIncident = true;
      }
      features.severityFloor = Math.max(features.severityFloor, def.weight);
      features.severityTerms.push(term);
      return 5;
    case CueKind.Stranded:
      if (isNegated) {
        return -1;
      }
      // Stuck on the road: help is needed, but what broke decides between support and technical.
      scores[Category.Support] += features.isIncident ? 0 : 0.5;
      features.severityFloor = Math.max(features.severityFloor, STRANDED_FLOOR);
      features.severityTerms.push(term);
      return 5;
    case CueKind.Threat:
      if (isNegated) {
        return -1;
      }
      features.isThreat = true;
      scores[Category.Complaint] += 3;
      features.negative += 2;
      return 4;
    case CueKind.Accusation:
      scores[Category.Complaint] += 3;
      features.negative += 2;
      return 4;
    case CueKind.Theft:
    case CueKind.Fraud:
      return isNegated ? -1 : 5;
    case CueKind.Failure:
      if (isNegated) {
        return -1;
      }
      features.failure += 2;
      features.negative += 1;
      features.problemTerms.push(term);
      return 3;
    case CueKind.Defect:
      if (isNegated) {
        return -1;
      }
      features.defect += 1;
      features.problemTerms.push(term);
      return 2;
    case CueKind.Outage:
      if (isNegated) {
        return -1;
      }
      features.hasOutage = true;
      if (!hasFailureDef) {
        features.failure += 2;
        features.problemTerms.push(term);
      }
      return 3;
    case CueKind.Functioning:
    case CueKind.Transactional:
      if (!isNegated) {
        return -1;
      }
      features.failure += 2;
      features.negative += 1;
      features.isBlocking ||= def.kind === CueKind.Transactional;
      features.problemTerms.push(term);
      return 3;
    case CueKind.Blocking:
      features.failure += 2;
      features.isBlocking = true;
      features.problemTerms.push(term);
      return 3;
    case CueKind.Scope:
      features.isWideScope ||= !isNegated;
      return -1;
    case CueKind.Positive:
      if (isNegated) {
        features.negative += def.weight;
        if (def.weight >= 2) {
          scores[Category.Complaint] += 2;
        }
        return -1;
      }
      features.positive += def.weight;
      return -1;
    case CueKind.Negative:
      if (!isNegated) {
        features.negative += def.weight;
      }
      return -1;
    case CueKind.Request:
      features.isRequest = true;
      return -1;
    case CueKind.Category:
      if (def.category === null) {
        return -1;
      }
      scores[def.category] += def.weight;
      if (def.category === Category.Complaint && def.weight >= 2) {
        features.negative += def.weight - 1;
      }
      return def.category === Category.General ? 0 : 1;
    case CueKind.Domain:
      return 1;
    case CueKind.SafetyPart:
    case CueKind.PaymentWord:
    case CueKind.BatteryPart:
    case CueKind.Overheating:
    case CueKind.ChargeWord:
    case CueKind.RepeatWord:
    case CueKind.Settled:
    case CueKind.MoneyContext:
    case CueKind.AmbientHeat:
    case CueKind.Roadside:
    case CueKind.Later:
    case CueKind.Conditional:
    case CueKind.PhishingBait:
    case CueKind.CredentialsGiven:
    case CueKind.Irony:
    case CueKind.Repetition:
    case CueKind.Distress:
    case CueKind.Transit:
    case CueKind.Price:
    case CueKind.NegatorBefore:
    case CueKind.NegatorAfter:
    case CueKind.Question:
    case CueKind.Contrast:
      return -1;
  }
}

function pickKeywords(candidates: { term: string; rank: number; position: number }[]): string[] {
  const hasSpecific = candidates.some((candidate) => candidate.rank > 0);
  const keywords: string[] = [];
  for (const candidate of [...candidates].sort(
    (a, b) => b.rank - a.rank || a.position - b.position,
  )) {
    if ((hasSpecific && candidate.rank === 0) || keywords.includes(candidate.term)) {
      continue;
    }
    keywords.push(candidate.term);
    if (keywords.length >= MAX_KEYWORDS) {
      break;
    }
  }
  return keywords;
}

// Error codes ("E10", "500") are read from the token itself, not from a word list.
function addTokenCues(features: TextFeatures, tokens: Token[]): void {
  tokens.forEach((token, index) => {
    if (!token.isWord || token.isIgnored) {
      return;
    }
    const isAmount =
      CURRENCY_WORDS.has(tokens[index + 1]?.folded ?? '') ||
      CURRENCY_WORDS.has(tokens[index - 1]?.folded ?? '');
    const httpCode = HTTP_ERROR_TOKEN.exec(token.folded)?.[1];
    if (ERROR_CODE.test(token.folded)) {
      features.categoryScores[Category.Technical] += 2;
      features.defect += 1;
      addKeyword(features, token.surface);
    } else if (httpCode !== undefined && HTTP_ERROR_CODES.has(httpCode) && !isAmount) {
      features.categoryScores[Category.Technical] += 1;
      addKeyword(features, token.surface);
      // A 5xx is the server failing, whatever words surround it.
      if (httpCode.startsWith('5') && features.failure === 0) {
        features.failure += 2;
        features.problemTerms.push(token.surface);
      }
      features.hasOutage ||= HTTP_OUTAGE_CODES.has(httpCode);
    }
  });
}

// A same-day clock-time deadline: the answer is worthless after it.
function hasSameDayDeadline(folded: string): boolean {
  return (
    SAME_DAY_PATTERN.test(folded) &&
    !OPENING_HOURS_PATTERN.test(folded) &&
    CLOCK_DEADLINE_PATTERNS.some((pattern) => pattern.test(folded))
  );
}

// Cues that need the sentence's shape rather than a word list: a quantifier over people or
// systems ("all 120 of our users"), repeated chasing ("fourth email"), and how long an order has
// been on its way.
function addPatternCues(features: TextFeatures, folded: string, matches: CueMatch[]): void {
  if (SCOPE_PATTERNS.some((pattern) => pattern.test(folded))) {
    features.isWideScope = true;
  }
  if (OPENING_QUESTION.test(folded)) {
    features.categoryScores[Category.Inquiry] += OPENING_QUESTION_INQUIRY;
  }
  if (REPEAT_CONTACT_PATTERN.test(folded)) {
    features.categoryScores[Category.Complaint] += REPEAT_CONTACT_COMPLAINT;
  }
  const isInTransit = features.isOverdue;
  features.isOverdue =
    isInTransit &&
    overdueDays(folded) >= OVERDUE_DAYS &&
    !matches.some((match) => hasKind(match, CueKind.Calm));
  if (features.isOverdue) {
    features.failure += 2;
    features.problemTerms.push('overdue');
  }
}

function overdueDays(folded: string): number {
  let longest = 0;
  for (const pattern of DURATION_PATTERNS) {
    for (const match of folded.matchAll(pattern)) {
      const amount = NUMBER_WORDS.get(match[1]) ?? Number.parseInt(match[1], 10);
      const days = Number.isFinite(amount) ? amount * unitDays(match[2]) : 0;
      longest = Math.max(longest, days);
    }
  }
  return longest;
}

function unitDays(unit: string): number {
  if (/^(w|h|u)/.test(unit)) {
    return 7;
  }
  if (/^(m|ay)/.test(unit)) {
    return 30;
  }
  return 1;
}

function addKeyword(features: TextFeatures, keyword: string): void {
  if (features.keywords.length < MAX_KEYWORDS && !features.keywords.includes(keyword)) {
    features.keywords.push(keyword);
  }
}

// Weak signals that only tip a close call.
function addSurfaceSignals(
  features: TextFeatures,
  tokens: Token[],
  matches: CueMatch[],
  visible: string,
): void {
  const hasQuestionMark = visible.includes('?') || visible.includes('؟');
  features.isQuestion ||= hasQuestionMark;
  if (hasQuestionMark) {
    features.categoryScores[Category.Inquiry] += 0.5;
  }
  let weak = 0;
  if (/!{2,}/.test(visible) || (visible.match(/!/g)?.length ?? 0) >= 3) {
    weak += 1;
  }
  if (countMatches(visible, ALARM_EMOJI) > 0) {
    weak += 1;
  }
  if (isShouting(tokens, matches)) {
    weak += 1;
  }
  features.weakSignals = weak;
  features.positive += Math.min(2, countMatches(visible, POSITIVE_EMOJI));
  features.negative += Math.min(2, countMatches(visible, NEGATIVE_EMOJI));
  features.categoryScores[Category.Complaint] += Math.min(1, countMatches(visible, ANGRY_EMOJI));
}

function countMatches(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

function isShouting(tokens: Token[], matches: CueMatch[]): boolean {
  const capitalWords = new Set<number>();
  let letterWords = 0;
  tokens.forEach((token, index) => {
    if (!token.isWord || token.isIgnored || /\d/.test(token.surface)) {
      return;
    }
    letterWords += 1;
    if (
      token.surface.length >= 3 &&
      token.surface === token.surface.toUpperCase() &&
      token.surface !== token.surface.toLowerCase() &&
      !ACRONYMS.has(token.surface)
    ) {
      capitalWords.add(index);
    }
  });
  if (capitalWords.size >= 2 && capitalWords.size / Math.max(1, letterWords) >= 0.3) {
    return true;
  }
  return matches.some(
    (match) =>
      capitalWords.has(match.start) &&
      match.defs.some((def) => def.kind === CueKind.Urgency || def.kind === CueKind.Severity),
  );
}

function visibleText(text: string, tokens: Token[], sentenceSpans: Span[]): string {
  const hidden = new Set<number>();
  for (const token of tokens) {
    if (token.isWord && token.isIgnored) {
      hidden.add(token.sentence);
    }
  }
  if (hidden.size === 0) {
    return text;
  }
  return sentenceSpans
    .filter((_, sentence) => !hidden.has(sentence))
    .map((span) => text.slice(span.start, span.end))
    .join(' ');
}

function assignProblemsToCategory(features: TextFeatures): void {
  const problem = features.failure + features.defect;
  if (problem === 0) {
    return;
  }
  const scores = features.categoryScores;
  if (scores[Category.Technical] > scores[Category.Support]) {
    scores[Category.Technical] += problem;
  } else {
    scores[Category.Support] += problem;
  }
}
