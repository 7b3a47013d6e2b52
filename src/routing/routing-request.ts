import type { MessageAnalysis } from 'src/core/message-analysis';
import type { HistoryLine, InboundMessage } from 'src/core/inbound-message';

export interface RoutingRequest {
  // Rows in `agent_routing` and the agents' idempotency keys hang on it.
  messageId: number;
  message: InboundMessage;
  analysis: MessageAnalysis;
  history: HistoryLine[];
  // The platform asked for a human (e.g. Kore's agent transfer), whatever the analysis says.
  isHumanHandoverRequested?: boolean;
  // Never routed before (its first attempt): there is no earlier answer to look up.
  isFirstAttempt?: boolean;
  // The webhook request it is routed within (`x-request-id` to the agents); else a new one.
  requestId?: string;
}
