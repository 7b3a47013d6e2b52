// The one rule for a platform's free-form window (WhatsApp: 24 hours after the user's last
// message): `POST /messages/proactive` refuses free text that breaks it, and the send path keeps
// a reply that breaks it as `needs_template` instead of sending it.

export interface ReplyWindowFacts {
  /** The platform client's `replyWindowMs`; `undefined`: the platform has no window. */
  windowMs: number | undefined;
  /** When the user last wrote in the conversation; `null`: never. */
  lastInboundAt: Date | null;
  now: Date;
}

/** Whether a message needs a template: free text outside the window. Templates always may go. */
export function needsTemplate(isTemplate: boolean, facts: ReplyWindowFacts): boolean {
  if (isTemplate || facts.windowMs === undefined) {
    return false;
  }
  return (
    facts.lastInboundAt === null ||
    facts.now.getTime() - facts.lastInboundAt.getTime() > facts.windowMs
  );
}
