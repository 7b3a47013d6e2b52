import type { ReplyAddress } from 'src/core/inbound-message';
import type { OutboundKind } from 'src/core/outbound-status';

// What `OutboundService` is asked to send.
export interface ReplyRequest {
  messageId: number;
  platform: string;
  conversationId: string;
  replyTo: ReplyAddress;
  text: string;
  kind: OutboundKind.Reply | OutboundKind.BotPassThrough | OutboundKind.Handover;
}

export interface ProactiveRequest {
  platform: string;
  recipient: string;
  text: string;
  conversationId: string | null;
}
