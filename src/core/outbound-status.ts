export enum OutboundStatus {
  Queued = 'queued',
  Sent = 'sent',
  Delivered = 'delivered',
  Read = 'read',
  // Outside the platform's free-form window (WhatsApp's 24 hours): only a template may go out.
  NeedsTemplate = 'needs_template',
  // Refused by the platform, or every attempt failed; `last_error` says why.
  Failed = 'failed',
}

export enum OutboundKind {
  // An agent's answer to a stored message.
  Reply = 'reply',
  // Sent by an admin through `POST /messages/proactive`.
  Proactive = 'proactive',
  // A message handed back to the platform's own bot (bot-first platforms).
  BotPassThrough = 'bot_pass_through',
  // The conversation handed to a human (Userlike's forward), when the webhook's answer could not
  // carry it; the platform's client sends no text for it.
  Handover = 'handover',
}
