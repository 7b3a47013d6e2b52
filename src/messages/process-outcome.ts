import type { AnswerWindow } from 'src/messages/answer-window';
import type { InboundMessage } from 'src/core/inbound-message';
import type { IngestResult } from 'src/messages/ingest-result';

// What one processing attempt tells its caller (`MessageProcessor.process`).
export enum ProcessOutcomeKind {
  /** This attempt ran; `result` says how it ended (done, failed with a retry due, waiting, dead). */
  Processed = 'processed',
  /** Finished before (by another worker or an earlier attempt): nothing ran. */
  Finished = 'finished',
  /** Another worker holds the message. */
  Busy = 'busy',
  /** An earlier message of its conversation is still on its way; try again shortly. */
  Blocked = 'blocked',
}

export type ProcessOutcome =
  | { kind: ProcessOutcomeKind.Processed; result: IngestResult; retryAt: Date | null }
  | { kind: ProcessOutcomeKind.Finished; result: IngestResult }
  | { kind: ProcessOutcomeKind.Busy | ProcessOutcomeKind.Blocked };

export interface ProcessContext {
  /**
   * The adapter's message when this instance just stored it: it is `received` with no attempt,
   * so its row is not read back (the claim still decides whether this attempt runs).
   */
  message?: InboundMessage;
  window?: AnswerWindow | null;
  /** A caller waits for this attempt's result (a synchronous webhook answer). */
  isAnswerAwaited?: boolean;
  /** The webhook request this attempt runs within, if any (passed on to the agents). */
  requestId?: string;
}
