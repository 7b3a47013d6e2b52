import { Handling } from 'src/core/inbound-message';
import { isUrgent, PriorityLevel } from 'src/core/message-analysis';

// The one escalation policy: whether an agent takes a message, whether the user is told that
// someone will get back to them (the notice), and whether the conversation goes to a human. Pure.

export interface EscalationInput {
  /**
   * The stored analysis (VIP rules, OpenAI, the safety floor and operators' corrections already
   * applied); `null` while the message is not analysed yet.
   */
  analysis: { priorityLevel: PriorityLevel } | null;
  handling: Handling;
  /** Routing's verdict; `null` or left out when the message was not routed (yet). */
  routing?: { isHumanHandover: boolean } | null;
  /** A reply reaches the user anyway (the agent's, or the one a repeat delivery repeats). */
  hasReply?: boolean;
}

export interface Escalation {
  /** An agent takes the message; `false`: the platform's own bot keeps it, or nothing to do. */
  isForAgent: boolean;
  /** Tell the user that someone will get back to them (the optimizer's notice or its kin). */
  notifyUser: boolean;
  /** Hand the conversation to a human where the platform can (Userlike forward). */
  handToHuman: boolean;
}

const NO_ESCALATION: Escalation = { isForAgent: false, notifyUser: false, handToHuman: false };

export function escalationOf(input: EscalationInput): Escalation {
  const { analysis, handling } = input;
  if (analysis === null || handling === Handling.RecordOnly) {
    // Nothing analysed: only the platform's own request for a human counts.
    return handling === Handling.HumanHandover
      ? { ...NO_ESCALATION, handToHuman: true }
      : NO_ESCALATION;
  }
  const isCritical = analysis.priorityLevel === PriorityLevel.Critical;
  // Bot-first platforms run their own bot: only a critical message is taken from it.
  const isForAgent = handling !== Handling.BotFirst || isCritical;
  return {
    isForAgent,
    // TRIAGE.md's urgent (high or critical) is what seed 000's should_notify fires for.
    notifyUser: isForAgent && input.hasReply !== true && isUrgent(analysis.priorityLevel),
    // SPEC 5: critical always goes to a human; routing rules may add more priority levels.
    handToHuman:
      isCritical || handling === Handling.HumanHandover || input.routing?.isHumanHandover === true,
  };
}

/**
 * Whether a webhook's answer carries the notice, from what ingest returned for the message (its
 * stored analysis and routing, and the reply the answer already carries).
 */
export function isNoticeDue(
  handling: Handling,
  result: Pick<EscalationInput, 'analysis' | 'routing'> & { reply: string | null },
): boolean {
  return escalationOf({
    analysis: result.analysis,
    handling,
    routing: result.routing,
    hasReply: result.reply !== null,
  }).notifyUser;
}
