import type { MessageAnalysis } from 'src/analysis/message-analysis';
import type { MessageStatus } from 'src/messages/webhook-message.entity';
import type { RoutingOutcome } from 'src/routing/routing-outcome';

export interface IngestResult {
  databaseId: number;
  externalId: string;
  // A repeat delivery: nothing new was stored or processed; the first result is returned.
  isDuplicate: boolean;
  status: MessageStatus;
  analysis: MessageAnalysis | null;
  routing: RoutingOutcome | null;
  processedAt: Date | null;
}
