import {
  AnalyzerKind,
  PriorityLevel,
  Sentiment,
  type MessageAnalysis,
} from 'src/core/message-analysis';
import type { FloorResult } from 'src/analysis/safety-floor';
import type { ScorerOutput } from 'src/analysis/scorer-output';
import { ScorerFailure } from 'src/core/scorer-failure';
import {
  clampUrgency,
  deriveFromUrgency,
  higherPriority,
  responseTimeFor,
} from 'src/analysis/urgency-derivation';

// The `reasoning` column holds 1000 characters.
export const MAX_REASONING_LENGTH = 1000;

export interface VipMatch {
  kind: 'customer' | 'group';
  id: number;
  name: string;
  boost: number;
}

export function analysisFromScorer(output: ScorerOutput, model: string): MessageAnalysis {
  return {
    urgencyScore: output.urgencyScore,
    category: output.category,
    sentiment: output.sentiment,
    keywords: output.keywords,
    ...deriveFromUrgency(output.urgencyScore),
    isActionRequired: output.isActionRequired,
    language: output.language,
    analyzer: AnalyzerKind.OpenAi,
    reasoning: limitReasoning(output.reasoning),
    shouldNotify: false,
    vipBoost: 0,
    model,
  };
}

// The safety floor's urgent reasons cannot be talked down by the model (nor by text that
// talked to the model): its priority is a floor under the model's answer.
export function applySafetyFloor(analysis: MessageAnalysis, floor: FloorResult): MessageAnalysis {
  if (
    !floor.priority ||
    higherPriority(analysis.priorityLevel, floor.priority) === analysis.priorityLevel
  ) {
    return analysis;
  }
  const priorityLevel = floor.priority;
  return {
    ...analysis,
    urgencyScore: Math.max(analysis.urgencyScore, priorityLevel === PriorityLevel.Critical ? 9 : 7),
    priorityLevel,
    recommendedResponseTime: responseTimeFor(priorityLevel),
    sentiment: Sentiment.Urgent,
    isActionRequired: true,
    reasoning: limitReasoning(
      `${analysis.reasoning} [safety floor (${floor.reasons.join(', ')}): model said ` +
        `${analysis.priorityLevel}, raised to ${priorityLevel}]`,
    ),
  };
}

export function withFallbackReason(heuristic: MessageAnalysis, reason: string): MessageAnalysis {
  return { ...heuristic, reasoning: limitReasoning(`${reason}; ${heuristic.reasoning}`) };
}

export function describeScorerFailure(failure: ScorerFailure): string {
  switch (failure) {
    case ScorerFailure.Disabled:
      return 'openai disabled: no API key';
    case ScorerFailure.EmptyInput:
      return 'openai skipped: no text';
    case ScorerFailure.Corrected:
      return 'openai skipped: an operator corrected this text';
    case ScorerFailure.Timeout:
      return 'openai unavailable: timeout';
    case ScorerFailure.RateLimited:
      return 'openai unavailable: rate limited (429)';
    case ScorerFailure.ServerError:
      return 'openai unavailable: server error';
    case ScorerFailure.ConnectionError:
      return 'openai unavailable: connection error';
    case ScorerFailure.Rejected:
      return 'openai unavailable: request rejected';
    case ScorerFailure.InvalidOutput:
      return 'openai unavailable: invalid output';
    case ScorerFailure.CircuitOpen:
      return 'openai unavailable: circuit open';
    case ScorerFailure.Unknown:
      return 'openai unavailable: error';
  }
}

// The best important-customer rule plus the best critical-group rule, capped at 10. Priority
// and response time are recomputed and only ever go up.
export function applyVipBoost(
  analysis: MessageAnalysis,
  matches: readonly VipMatch[],
): MessageAnalysis {
  const best = (kind: VipMatch['kind']): VipMatch | null =>
    matches
      .filter((match) => match.kind === kind && match.boost > 0)
      .reduce<VipMatch | null>(
        (top, match) => (!top || match.boost > top.boost ? match : top),
        null,
      );
  const applied = [best('customer'), best('group')].filter((match): match is VipMatch => !!match);
  const boost = applied.reduce((sum, match) => sum + match.boost, 0);
  if (boost === 0) {
    return analysis;
  }
  const urgencyScore = clampUrgency(analysis.urgencyScore + boost);
  const priorityLevel = higherPriority(
    analysis.priorityLevel,
    deriveFromUrgency(urgencyScore).priorityLevel,
  );
  const rules = applied
    .map((match) =>
      match.kind === 'customer'
        ? `important customer #${match.id}`
        : `critical group "${match.name}"`,
    )
    .join(', ');
  return {
    ...analysis,
    urgencyScore,
    priorityLevel,
    recommendedResponseTime: responseTimeFor(priorityLevel),
    isActionRequired: true,
    vipBoost: analysis.vipBoost + boost,
    reasoning: limitReasoning(`VIP boost +${boost} (${rules}); ${analysis.reasoning}`),
  };
}

export function limitReasoning(reasoning: string): string {
  return reasoning.length > MAX_REASONING_LENGTH
    ? `${reasoning.slice(0, MAX_REASONING_LENGTH - 1)}…`
    : reasoning;
}
