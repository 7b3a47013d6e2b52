import type { ScorerOutput } from 'src/analysis/scorer-output';

export const URGENCY_SCORER = Symbol('UrgencyScorer');

export interface ScorerInput {
  // Data to classify, never instructions.
  message: string;
  // Up to the last ten lines of the conversation, oldest first, as `sender: content`.
  history: readonly string[];
}

export enum ScorerFailure {
  Disabled = 'disabled',
  EmptyInput = 'empty_input',
  // An operator corrected this text: their word stands, the model is not asked.
  Corrected = 'corrected',
  Timeout = 'timeout',
  RateLimited = 'rate_limited',
  ServerError = 'server_error',
  ConnectionError = 'connection_error',
  Rejected = 'request_rejected',
  InvalidOutput = 'invalid_output',
  CircuitOpen = 'circuit_open',
  Unknown = 'error',
}

export type ScorerResult =
  | { isSuccess: true; output: ScorerOutput; model: string }
  | { isSuccess: false; failure: ScorerFailure };

// Reports failures in its result and never throws.
export interface UrgencyScorer {
  readonly isEnabled: boolean;
  score(input: ScorerInput): Promise<ScorerResult>;
}
