import { detect } from 'tinyld/light';
import {
  AnalyzerKind,
  Category,
  isUrgent,
  PriorityLevel,
  Sentiment,
  type MessageAnalysis,
} from 'src/core/message-analysis';
import { applyFloorRules, type FloorResult } from 'src/analysis/safety-floor';
import { tokensOf } from 'src/analysis/triage-features';
import type { TriageModel, TriagePrediction } from 'src/analysis/triage-model';
import { deriveFromUrgency, higherPriority } from 'src/analysis/urgency-derivation';

// An operator's word on a text (PUT /admin/messages/:id/triage): it wins over the classifier.
export interface TriageCorrection {
  id: number;
  category: Category | null;
  priorityLevel: PriorityLevel | null;
}

export interface OfflineResult {
  /** The classifier's answer, worked out when first read (OpenAI's answer needs only the rest). */
  readonly analysis: MessageAnalysis;
  floor: FloorResult;
  correction: TriageCorrection | null;
}

export const UNDETERMINED_LANGUAGE = 'und';

const POSITIVE =
  /\b(?:thanks?|thank you|thx|ty|cheers|great|perfect|awesome|love|tesekkur\w*|sagol\w*|eyv\w*|harika|super|danke|dankesch\w*|toll|prima|takk|tusen takk|flott|kjempebra)\b|[😊🙂👍🙏❤😍🥰👌]/u;
// tinyld is asked only about messages long enough to tell; short ones stay with our four.
const MIN_WORDS_FOR_OTHER_LANGUAGES = 6;
const SURE_OF_LANGUAGE = 0.6;
const OUR_LANGUAGES = new Set(['en', 'tr', 'de', 'no', 'nb', 'nn', 'da', 'sv']);

// The offline analyzer: the trained classifier decides, the safety floor can only raise its
// answer, a negated urgency lowers only what the floor did not raise, and an operator's
// correction of the same text wins over all of them.
export function analyzeOffline(
  text: string,
  model: TriageModel,
  correction: TriageCorrection | null = null,
): OfflineResult {
  const tokens = tokensOf(text);
  const floor = applyFloorRules(text, tokens);
  let analysis: MessageAnalysis | null = null;
  return {
    get analysis(): MessageAnalysis {
      analysis ??= classify(text, tokens, floor, model, correction);
      return analysis;
    },
    floor,
    correction,
  };
}

function classify(
  text: string,
  tokens: string[],
  floor: FloorResult,
  model: TriageModel,
  correction: TriageCorrection | null,
): MessageAnalysis {
  if (tokens.length === 0 && correction === null) {
    return emptyAnalysis(model.version);
  }
  const prediction = model.predict(text, tokens);
  let category = prediction.category;
  let priority = prediction.priority;
  const reasons = [
    `classifier ${model.version}: ${category} (${Math.round(prediction.categoryConfidence * 100)}%), ` +
      `urgency ${prediction.urgency.toFixed(2)} → ${priority}` +
      (prediction.evidence.length > 0 ? ` on "${prediction.evidence.join('", "')}"` : ''),
  ];
  if (floor.priority) {
    const raised = higherPriority(priority, floor.priority);
    if (raised !== priority) {
      reasons.push(`safety floor (${floor.reasons.join(', ')}) raised ${priority} to ${raised}`);
      priority = raised;
    } else {
      reasons.push(`safety floor (${floor.reasons.join(', ')}) agrees`);
    }
  } else if (floor.isUrgencyNegated && isUrgent(priority)) {
    reasons.push(`urgency negated by the customer: ${priority} lowered to normal`);
    priority = PriorityLevel.Normal;
  }
  if (correction) {
    category = correction.category ?? category;
    priority = correction.priorityLevel ?? priority;
    reasons.push(`operator correction #${correction.id}: ${category}, ${priority}`);
  }
  const urgencyScore = urgencyScoreFor(priority, prediction.urgency);
  return {
    urgencyScore,
    category,
    sentiment: sentimentOf(text, tokens, category, priority),
    keywords: prediction.evidence,
    ...deriveFromUrgency(urgencyScore),
    isActionRequired: category !== Category.General || isUrgent(priority),
    language: languageOf(text, tokens.length, prediction),
    analyzer: AnalyzerKind.Heuristic,
    reasoning: reasons.join('; '),
    shouldNotify: false,
    vipBoost: 0,
    model: model.version,
  };
}

// Within the band of its priority (deriveFromUrgency's bands), the score says how sure the
// classifier is that the message is urgent.
function urgencyScoreFor(priority: PriorityLevel, urgency: number): number {
  switch (priority) {
    case PriorityLevel.Critical:
      return urgency >= 0.75 ? 10 : 9;
    case PriorityLevel.High:
      return urgency >= 0.6 ? 8 : 7;
    case PriorityLevel.Normal:
      return urgency >= 0.2 ? 6 : urgency >= 0.1 ? 5 : 4;
    case PriorityLevel.Low:
      return urgency >= 0.1 ? 3 : 2;
  }
}

function sentimentOf(
  text: string,
  tokens: readonly string[],
  category: Category,
  priority: PriorityLevel,
): Sentiment {
  if (isUrgent(priority)) {
    return Sentiment.Urgent;
  }
  if (category === Category.Complaint) {
    return Sentiment.Negative;
  }
  return POSITIVE.test(tokens.join(' ')) || POSITIVE.test(text)
    ? Sentiment.Positive
    : Sentiment.Neutral;
}

function languageOf(text: string, words: number, prediction: TriagePrediction): string {
  if (!/\p{L}/u.test(text)) {
    return UNDETERMINED_LANGUAGE;
  }
  // The classifier knows four languages; a text it is unsure of may be in none of them.
  if (words >= MIN_WORDS_FOR_OTHER_LANGUAGES && prediction.languageConfidence < SURE_OF_LANGUAGE) {
    const statistical = detect(text);
    if (statistical && !OUR_LANGUAGES.has(statistical)) {
      return statistical;
    }
  }
  return prediction.language;
}

function emptyAnalysis(version: string): MessageAnalysis {
  return {
    urgencyScore: 2,
    category: Category.General,
    sentiment: Sentiment.Neutral,
    keywords: [],
    ...deriveFromUrgency(2),
    isActionRequired: false,
    language: UNDETERMINED_LANGUAGE,
    analyzer: AnalyzerKind.Heuristic,
    reasoning: `classifier ${version}: no words to read`,
    shouldNotify: false,
    vipBoost: 0,
    model: version,
  };
}
