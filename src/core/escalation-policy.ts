// The one escalation policy: whether an agent takes a message, whether the user is told that
// someone will get back to them (the notice), and whether the conversation goes to a human.
// Pure, and typed structurally so that core imports nothing above it: `PriorityLevel` and
// `Handling` values fit these string unions as they are.

export type EscalationPriority = 'critical' | 'high' | 'normal' | 'low';
export type EscalationHandling = 'route' | 'bot_first' | 'human_handover' | 'record_only';

export interface EscalationInput {
  /**
   * The stored analysis (VIP rules, OpenAI, the safety floor and operators' corrections already
   * applied); `null` while the message is not analysed yet.
   */
  analysis: { priorityLevel: EscalationPriority } | null;
  handling: EscalationHandling;
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
  if (analysis === null || handling === 'record_only') {
    // Nothing analysed: only the platform's own request for a human counts.
    return handling === 'human_handover' ? { ...NO_ESCALATION, handToHuman: true } : NO_ESCALATION;
  }
  const isCritical = analysis.priorityLevel === 'critical';
  // Bot-first platforms run their own bot: only a critical message is taken from it.
  const isForAgent = handling !== 'bot_first' || isCritical;
  return {
    isForAgent,
    // TRIAGE.md's urgent (high or critical) is what seed 000's should_notify fires for.
    notifyUser: isForAgent && input.hasReply !== true && isUrgent(analysis.priorityLevel),
    // SPEC 5: critical always goes to a human; routing rules may add more priority levels.
    handToHuman:
      isCritical || handling === 'human_handover' || input.routing?.isHumanHandover === true,
  };
}

function isUrgent(priority: EscalationPriority): boolean {
  return priority === 'critical' || priority === 'high';
}

/**
 * Whether a webhook's answer carries the notice, from what ingest returned for the message (its
 * stored analysis and routing, and the reply the answer already carries).
 */
export function isNoticeDue(
  handling: EscalationHandling,
  result: Pick<EscalationInput, 'analysis' | 'routing'> & { reply: string | null },
): boolean {
  return escalationOf({
    analysis: result.analysis,
    handling,
    routing: result.routing,
    hasReply: result.reply !== null,
  }).notifyUser;
}
