import { Category, Sentiment } from 'src/core/message-analysis';
import { MAX_URGENCY, MIN_URGENCY } from 'src/analysis/urgency-derivation';

// Priority and response time are derived from the urgency here, not asked of the model.
export interface ScorerOutput {
  urgencyScore: number;
  category: Category;
  sentiment: Sentiment;
  keywords: string[];
  isActionRequired: boolean;
  language: string;
  reasoning: string;
}

const MAX_KEYWORDS = 10;
const MAX_KEYWORD_LENGTH = 64;
const MAX_REASONING_LENGTH = 500;
const LANGUAGE_CODE = /^(?:[a-z]{2,3}|und)$/;

export const SCORER_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'urgency_score',
    'category',
    'sentiment',
    'keywords',
    'action_required',
    'language',
    'reasoning',
  ],
  properties: {
    urgency_score: {
      type: 'integer',
      minimum: MIN_URGENCY,
      maximum: MAX_URGENCY,
      description: '1 (no hurry) to 10 (danger or outage right now)',
    },
    category: { type: 'string', enum: Object.values(Category) },
    sentiment: { type: 'string', enum: Object.values(Sentiment) },
    keywords: { type: 'array', items: { type: 'string' }, description: 'at most 10 key terms' },
    action_required: { type: 'boolean' },
    language: { type: 'string', description: 'ISO 639-1 code of the message, or "und"' },
    reasoning: { type: 'string', description: 'one short sentence' },
  },
} as const;

// Checked against the schema ourselves: a model, a proxy or a compatible server may ignore
// `strict`. Anything off (unknown enum value, urgency out of 1–10 or not an integer, wrong types)
// makes the whole output invalid.
export function parseScorerOutput(content: string | null | undefined): ScorerOutput | null {
  if (!content) {
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return null;
  }
  if (!isRecord(json)) {
    return null;
  }
  const urgency = json.urgency_score;
  const category = json.category;
  const sentiment = json.sentiment;
  const keywords = json.keywords;
  const isActionRequired = json.action_required;
  const language = json.language;
  const reasoning = json.reasoning;
  if (
    typeof urgency !== 'number' ||
    !Number.isInteger(urgency) ||
    urgency < MIN_URGENCY ||
    urgency > MAX_URGENCY ||
    !isEnumValue(Category, category) ||
    !isEnumValue(Sentiment, sentiment) ||
    !Array.isArray(keywords) ||
    !keywords.every((keyword) => typeof keyword === 'string') ||
    typeof isActionRequired !== 'boolean' ||
    typeof language !== 'string' ||
    typeof reasoning !== 'string'
  ) {
    return null;
  }
  const normalizedLanguage = language.trim().toLowerCase();
  return {
    urgencyScore: urgency,
    category,
    sentiment,
    keywords: keywords
      .map((keyword) => keyword.trim().slice(0, MAX_KEYWORD_LENGTH))
      .filter((keyword) => keyword.length > 0)
      .slice(0, MAX_KEYWORDS),
    isActionRequired,
    language: LANGUAGE_CODE.test(normalizedLanguage) ? normalizedLanguage : 'und',
    reasoning: reasoning.trim().slice(0, MAX_REASONING_LENGTH),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEnumValue<T extends Record<string, string>>(
  enumeration: T,
  value: unknown,
): value is T[keyof T] {
  return typeof value === 'string' && Object.values<string>(enumeration).includes(value);
}
