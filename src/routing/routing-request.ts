import type { MessageAnalysis } from 'src/analysis/message-analysis';
import type { HistoryLine, InboundMessage } from 'src/messages/inbound-message';

export interface RoutingRequest {
  /** `webhook_messages.id`: rows in `agent_routing` and the agents' idempotency keys hang on it. */
  messageId: number;
  message: InboundMessage;
  analysis: MessageAnalysis;
  /** The conversation history to send along (payload lines plus stored ones). */
  history: HistoryLine[];
}
