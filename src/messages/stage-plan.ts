import { Handling } from 'src/core/inbound-message';
import { MessageStatus } from 'src/core/message-status';

/**
 * The processor's decisions, as pure functions: which way a message goes after its analysis,
 * which stage marks are still to be written, and what a failed attempt leaves the message as.
 */

/** Where a message goes once it is analysed. */
export enum StagePath {
  /** Conversation history only: nothing to score, route or answer. */
  RecordOnly = 'record_only',
  /** The platform's own bot answers it: the message is handed back. */
  BackToBot = 'back_to_bot',
  /** An agent is asked; its reply (if any) goes out. */
  ToAgent = 'to_agent',
}

/**
 * `isEscalatedFromBot`: a bot-first message the gateway takes over (`MessageProcessor` decides).
 * A record-only message is known before any analysis.
 */
export function stagePathOf(handling: Handling, isEscalatedFromBot: boolean): StagePath {
  if (handling === Handling.RecordOnly) {
    return StagePath.RecordOnly;
  }
  if (handling === Handling.BotFirst && !isEscalatedFromBot) {
    return StagePath.BackToBot;
  }
  return StagePath.ToAgent;
}

/**
 * `routed` is written once, and only when a reply is still to go out after the routing (otherwise
 * `done` follows at once): an attempt that starts from `routed` or later already has it.
 */
export function isRoutedMarkDue(statusBefore: MessageStatus): boolean {
  return statusBefore !== MessageStatus.Routed && statusBefore !== MessageStatus.Replied;
}

/**
 * What goes out after routing: the agent's reply, or for a message escalated from the bot the
 * optimizer's notice (`notice`, only built when needed), or nothing.
 */
export function replyTextOf(
  agentReply: string | null,
  isEscalatedFromBot: boolean,
  notice: () => string,
): string | null {
  return agentReply ?? (isEscalatedFromBot ? notice() : null);
}

/**
 * Stages stored by an earlier attempt are read back instead of run again; a message never
 * claimed before (`received`, no attempt) has none, so nothing is looked up for it.
 */
export function isFirstAttempt(statusBefore: MessageStatus, attemptsBefore: number): boolean {
  return statusBefore === MessageStatus.Received && attemptsBefore === 0;
}

export interface FailedAttempt {
  /** No agent was even asked: every breaker on the route was open. */
  isRefusedByBreakers: boolean;
  /** This attempt's number (1 for the first). */
  attempt: number;
  maxAttempts: number;
}

export type AfterFailure = MessageStatus.Waiting | MessageStatus.Failed | MessageStatus.Dead;

/**
 * A refused attempt does not count: the message waits for the agents. Otherwise it is retried
 * while attempts are left, and dead (until an admin replays it) after the last one.
 */
export function statusAfterFailure({
  isRefusedByBreakers,
  attempt,
  maxAttempts,
}: FailedAttempt): AfterFailure {
  if (isRefusedByBreakers) {
    return MessageStatus.Waiting;
  }
  return attempt >= maxAttempts ? MessageStatus.Dead : MessageStatus.Failed;
}
