import { AnalyticsResult } from 'src/analysis/analytics-result.entity';
import { CriticalGroup } from 'src/analysis/critical-group.entity';
import { EngagementEvent } from 'src/analysis/engagement-event.entity';
import { ImportantCustomer } from 'src/analysis/important-customer.entity';
import { TriageLabel } from 'src/analysis/triage-label.entity';
import { TriageModelRow } from 'src/analysis/triage-model.entity';
import { MessageHistory } from 'src/messages/message-history.entity';
import { WebhookMessage } from 'src/messages/webhook-message.entity';
import { OutboundMessage } from 'src/replies/outbound-message.entity';
import { AgentRouting } from 'src/routing/agent-routing.entity';
import { SystemStat } from 'src/stats/system-stat.entity';

// The migrations in `migrations/` create exactly these tables.
export const ENTITIES = [
  WebhookMessage,
  MessageHistory,
  AnalyticsResult,
  AgentRouting,
  CriticalGroup,
  ImportantCustomer,
  SystemStat,
  OutboundMessage,
  EngagementEvent,
  TriageLabel,
  TriageModelRow,
];
