import type { ReplyAddress } from 'src/core/inbound-message';
import type { OutboundKind } from 'src/core/outbound-status';
import type { OutboundTemplate } from 'src/core/outbound-template';

// What `OutboundService` is asked to send.
export interface ReplyRequest {
  messageId: number;
  platform: string;
  conversationId: string;
  replyTo: ReplyAddress;
  text: string;
  kind: OutboundKind.Reply | OutboundKind.BotPassThrough | OutboundKind.Handover;
}

/** Exactly one of them: free text, or a template (on a platform whose client sends templates). */
export type ProactiveContent =
  { text: string; template?: null } | { text?: null; template: OutboundTemplate };

export type ProactiveRequest = ProactiveContent & {
  platform: string;
  recipient: string;
  conversationId: string | null;
};
