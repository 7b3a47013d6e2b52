import type { MessageAnalysis } from 'src/core/message-analysis';
import type { MessageStatus } from 'src/core/message-status';
import type { RoutingOutcome } from 'src/core/routing-outcome';

export interface IngestResult {
  databaseId: number;
  externalId: string;
  // A repeat delivery: nothing new was stored or processed; the first result is returned.
  isDuplicate: boolean;
  status: MessageStatus;
  analysis: MessageAnalysis | null;
  routing: RoutingOutcome | null;
  processedAt: Date | null;
  /**
   * The reply for the caller to put in its answer (only with `isReplyInAnswer`); `null` when
   * there is none or it goes out through the platform's client instead.
   */
  reply: string | null;
}

export interface IngestOptions {
  /**
   * How long the caller waits for processing before answering with the stored message only.
   * Unset: until processing ends. `0`: acknowledge as soon as the message is stored.
   */
  answerWithinMs?: number;
  /** The caller's answer carries the reply, so it is not also sent through the platform's API. */
  isReplyInAnswer?: boolean;
  /** The webhook request's id, passed on to the agents when processing runs within it. */
  requestId?: string;
}
