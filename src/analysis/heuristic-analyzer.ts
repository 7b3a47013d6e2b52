import {
  AnalyzerKind,
  Category,
  Sentiment,
  type MessageAnalysis,
} from 'src/analysis/message-analysis';
import { extractFeatures, type TextFeatures } from 'src/analysis/text-features';
import { clampUrgency, deriveFromUrgency } from 'src/analysis/urgency-derivation';

export interface HeuristicInput {
  text: string;
  // Oldest first; only the last few are read.
  history?: readonly string[];
}

export interface HeuristicResult {
  analysis: MessageAnalysis;
  // Explicit urgency, safety, outage or legal-threat wording behind an urgency of 7 or more:
  // evidence a model must not talk down.
  hasCriticalSignal: boolean;
}

export const URGENT_THRESHOLD = 7;

const HISTORY_LINES = 5;
const HISTORY_MAX_CHARACTERS = 1500;
// Earlier lines only nudge: the current message decides.
const HISTORY_CATEGORY_WEIGHT = 0.3;
// Ties go to the more specific, more actionable category.
const SPECIFIC_CATEGORIES: readonly Category[] = [
  Category.Complaint,
  Category.Technical,
  Category.Support,
  Category.Sales,
];
const CATEGORY_ORDER: readonly Category[] = [
  ...SPECIFIC_CATEGORIES,
  Category.Inquiry,
  Category.General,
];
const MIN_CATEGORY_SCORE = 1;
// An explicit call for speed ("urgent", "acil", "sofort"); lower weights are "today", "quickly".
const LOUD_URGENCY = 4;
// A same-day deadline presses on work we owe or a status we must give, not on a purchase.
const DEADLINE_CATEGORIES: ReadonlySet<Category> = new Set([
  Category.Support,
  Category.Technical,
  Category.Complaint,
  Category.Inquiry,
]);
const INQUIRY_MARGIN = 0.5;
const FAILURE_INQUIRY_MARGIN = 1;
const NON_INCIDENT_CATEGORIES: ReadonlySet<Category> = new Set([
  Category.Sales,
  Category.Inquiry,
  Category.General,
]);

export function analyzeHeuristically(input: HeuristicInput): HeuristicResult {
  const features = extractFeatures(input.text);
  const historyFeatures = featuresOfHistory(input.history ?? []);

  const category = decideCategory(features, historyFeatures);
  let urgencyScore = scoreUrgency(features, category);
  const isHistoryEscalating =
    historyFeatures !== null &&
    features.calm === 0 &&
    urgencyScore < URGENT_THRESHOLD &&
    scoreUrgency(historyFeatures, decideCategory(historyFeatures, null)) >= URGENT_THRESHOLD;
  if (isHistoryEscalating) {
    urgencyScore = clampUrgency(urgencyScore + 1);
  }
  const hasCriticalSignal =
    urgencyScore >= URGENT_THRESHOLD && (features.urgency >= 2 || floorOf(features) >= 7);
  const sentiment = decideSentiment(features, category, urgencyScore, hasCriticalSignal);
  const isActionRequired =
    category !== Category.General || urgencyScore >= URGENT_THRESHOLD || features.isRequest;

  return {
    analysis: {
      urgencyScore,
      category,
      sentiment,
      keywords: features.keywords,
      ...deriveFromUrgency(urgencyScore),
      isActionRequired,
      language: features.language.code,
      analyzer: AnalyzerKind.Heuristic,
      reasoning: explain(features, category, isHistoryEscalating),
      shouldNotify: false,
      vipBoost: 0,
      model: null,
    },
    hasCriticalSignal,
  };
}

function featuresOfHistory(history: readonly string[]): TextFeatures | null {
  const recent = history
    .slice(-HISTORY_LINES)
    .filter((line) => line.trim().length > 0)
    .join('\n');
  return recent ? extractFeatures(recent.slice(-HISTORY_MAX_CHARACTERS)) : null;
}

function decideCategory(features: TextFeatures, history: TextFeatures | null): Category {
  const category = categoryFromScores(features, history);
  // An injury, a fire or a fraud is never a sales lead or a plain question, whatever else it names
  // ("a customer fell during a test ride").
  const isEmergency = features.severityFloor >= URGENT_THRESHOLD;
  return isEmergency && NON_INCIDENT_CATEGORIES.has(category) ? Category.Support : category;
}

function categoryFromScores(features: TextFeatures, history: TextFeatures | null): Category {
  const scores = { ...features.categoryScores };
  if (history) {
    for (const category of CATEGORY_ORDER) {
      scores[category] += HISTORY_CATEGORY_WEIGHT * history.categoryScores[category];
    }
  }
  let specific: Category = Category.General;
  let specificScore = 0;
  for (const category of SPECIFIC_CATEGORIES) {
    if (scores[category] > specificScore) {
      specific = category;
      specificScore = scores[category];
    }
  }
  const hasProblem = features.failure + features.defect > 0;
  // The price of a service ("how much is a brake pad change?", "a quote for a yearly maintenance
  // contract") is a purchase, not a repair: with no fault reported, sales wins over the service
  // words.
  const isServicePrice =
    specific === Category.Support &&
    features.isPriceQuestion &&
    !hasProblem &&
    features.severityFloor === 0 &&
    scores[Category.Sales] >= specificScore / 2;
  if (isServicePrice) {
    specific = Category.Sales;
  }
  // "Thanks for the quick repair!" is a thank-you, not a support request; its speed words are
  // praise, not a call to hurry.
  const isGratitude =
    scores[Category.General] >= 2 &&
    features.positive >= 1 &&
    !features.isQuestion &&
    !features.isRequest &&
    !hasProblem &&
    scores[Category.Complaint] < MIN_CATEGORY_SCORE &&
    features.urgency < LOUD_URGENCY;
  if (isGratitude) {
    return Category.General;
  }
  // A job with a same-day deadline ("ready for pickup by 3 today", "can you have it ready by 5
  // today?") is work for us, not a question.
  const isDeadlineJob = features.hasSameDayDeadline && (!features.isQuestion || features.isRequest);
  // Question words are in almost every message; they decide only against weak topic evidence,
  // and a question about something that failed ("not shipped, when will it ship?") is a problem.
  const inquiry = isDeadlineJob ? 0 : scores[Category.Inquiry];
  const margin = INQUIRY_MARGIN + (features.failure > 0 ? FAILURE_INQUIRY_MARGIN : 0);
  if (inquiry >= MIN_CATEGORY_SCORE && inquiry >= specificScore + margin) {
    return Category.Inquiry;
  }
  if (specificScore >= MIN_CATEGORY_SCORE) {
    return specific;
  }
  if (inquiry >= MIN_CATEGORY_SCORE) {
    return Category.Inquiry;
  }
  // "acil", "hilfe", or a deadline with no topic: someone needs something done.
  if (features.urgency >= LOUD_URGENCY || isDeadlineJob) {
    return Category.Support;
  }
  if (scores[Category.General] > 0) {
    return Category.General;
  }
  return features.isQuestion && features.wordCount >= 3 ? Category.Inquiry : Category.General;
}

function floorOf(features: TextFeatures): number {
  let floor = features.severityFloor;
  if (features.isSafetyFailure) {
    floor = Math.max(floor, 7);
  }
  if (features.isThreat) {
    floor = Math.max(floor, 7);
  }
  return floor;
}

// 4 is an ordinary request (seed 004: "when will my bicycle arrive?"), 5 a fault or a complaint,
// 2–3 small talk. Explicit urgency words add up to +4, a blocked payment or sale +2, weak signals
// (!!!, 🚨, capitals) at most +1 on their own; safety, outage and legal-threat words set a floor;
// calm wording ("no rush", "acil değil") caps the score at 4.
function scoreUrgency(features: TextFeatures, category: Category): number {
  const hasProblem = features.failure + features.defect > 0;
  const isSmallTalk = category === Category.General && !features.isQuestion && !features.isRequest;
  // A bare "URGENT!" is a call for help even when it says nothing else.
  const isCall = features.urgency >= 4;
  let urgency = isSmallTalk && !isCall ? 2 : category === Category.General && !isCall ? 3 : 4;
  if (features.failure >= 2) {
    urgency = 5;
  }
  // Anger alone is not urgency: a complaint waits like a fault; legal threats have their floor.
  if (features.categoryScores[Category.Complaint] >= 3) {
    urgency = Math.max(urgency, 5);
  }
  if (features.urgency >= 4) {
    urgency += 3;
  } else if (features.urgency >= 2) {
    urgency += 2;
  } else if (features.urgency >= 1) {
    urgency += 1;
  }
  if (features.urgency >= 7) {
    urgency += 1;
  }
  if (features.isBlocking) {
    urgency += 2;
  }
  if (features.isWideScope && hasProblem) {
    urgency += 2;
  }
  if (features.hasSameDayDeadline && DEADLINE_CATEGORIES.has(category)) {
    urgency += 2;
  }
  if (features.hasOutage && features.categoryScores[Category.Technical] >= 2) {
    urgency += 1;
  }
  const floor = floorOf(features);
  const isExplicit = features.urgency >= 2 || floor >= 7;
  urgency += Math.min(features.weakSignals, isExplicit ? 2 : 1);
  // A theft or a fall with a call for speed ("stolen, check the cameras quickly") is urgent,
  // though neither alone is.
  const isPressedIncident = floor > 0 && floor < URGENT_THRESHOLD && features.urgency >= 2;
  urgency = Math.max(urgency, isPressedIncident ? URGENT_THRESHOLD : floor);
  if (features.calm > 0 && floor < 7) {
    urgency = Math.max(2, Math.min(urgency, 5) - 1);
  }
  return clampUrgency(urgency);
}

function decideSentiment(
  features: TextFeatures,
  category: Category,
  urgencyScore: number,
  hasCriticalSignal: boolean,
): Sentiment {
  if (hasCriticalSignal || (urgencyScore >= URGENT_THRESHOLD && features.isBlocking)) {
    return Sentiment.Urgent;
  }
  const polarity = features.positive - features.negative;
  if (category === Category.Complaint || polarity <= -1) {
    return Sentiment.Negative;
  }
  return polarity >= 1 ? Sentiment.Positive : Sentiment.Neutral;
}

function explain(features: TextFeatures, category: Category, isHistoryEscalating: boolean): string {
  const parts: string[] = [`heuristic (${features.language.code})`];
  const list = (terms: string[]): string => [...new Set(terms)].slice(0, 4).join(', ');
  if (features.urgencyTerms.length > 0) {
    parts.push(`urgency words: ${list(features.urgencyTerms)}`);
  }
  if (features.severityTerms.length > 0) {
    parts.push(`safety/outage words: ${list(features.severityTerms)}`);
  }
  if (features.isSafetyFailure) {
    parts.push('safety-relevant part failing');
  }
  if (features.isThreat) {
    parts.push('legal threat');
  }
  if (features.problemTerms.length > 0) {
    parts.push(`problem: ${list(features.problemTerms)}`);
  }
  if (features.isBlocking) {
    parts.push('payment or sale blocked');
  }
  if (features.hasSameDayDeadline) {
    parts.push('same-day deadline');
  }
  if (features.negatedTerms.length > 0) {
    parts.push(`negated: ${list(features.negatedTerms)}`);
  }
  if (features.calm > 0) {
    parts.push('calm wording');
  }
  if (features.weakSignals > 0) {
    parts.push('emphasis (!!!, emoji or capitals)');
  }
  if (features.isInjectionIgnored) {
    parts.push('instruction-like text ignored');
  }
  if (features.isCodeIgnored) {
    parts.push('code-like text ignored');
  }
  if (isHistoryEscalating) {
    parts.push('urgent earlier messages');
  }
  parts.push(`category ${category}`);
  return parts.join('; ');
}
