/** One of a template's components, as the platform defines it (JSON). */
export type TemplateComponent = Record<string, string | number | boolean | object | null>;

/**
 * A message template the platform approved beforehand (WhatsApp's `type: "template"`): the only
 * kind of message that may start a conversation outside the platform's free-form window.
 */
export interface OutboundTemplate {
  name: string;
  /** As given: `en`, `en_US` or `en-US`; each client writes it the way its platform wants. */
  language: string;
  /** The platform's parameters for the template's header, body and buttons, passed on as given. */
  components?: TemplateComponent[];
}

// What `outbound_messages.text` holds for a template, for the lists and the message view.
export function templateLabel(template: OutboundTemplate): string {
  return `[template ${template.name}/${template.language}]`;
}
