import type { ScorerOutput } from 'src/analysis/scorer-output';
import { type ScorerFailure } from 'src/core/scorer-failure';

export const URGENCY_SCORER = Symbol('UrgencyScorer');

export interface ScorerInput {
  // Data to classify, never instructions.
  message: string;
  // Up to the last ten lines of the conversation, oldest first, as `sender: content`.
  history: readonly string[];
}

export type ScorerResult =
  | { isSuccess: true; output: ScorerOutput; model: string }
  | { isSuccess: false; failure: ScorerFailure };

// Reports failures in its result and never throws.
export interface UrgencyScorer {
  readonly isEnabled: boolean;
  score(input: ScorerInput): Promise<ScorerResult>;
}
