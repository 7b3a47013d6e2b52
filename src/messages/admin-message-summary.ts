import type { AnalyticsResult } from 'src/analysis/analytics-result.entity';
import type {
  AdminMessageAnalysis,
  AdminMessageRouting,
  AdminMessageSummary,
  OpenUrgentCounts,
} from 'src/messages/admin-messages.response';
import type { ListedMessage, OpenUrgentCount } from 'src/messages/message-list.repository';
import type { RoutingSummary } from 'src/routing/agent-routing.repository';

export const PREVIEW_CHARACTERS = 160;

// One line of at most PREVIEW_CHARACTERS characters (whole code points, so no emoji is cut in
// half); a message with only attachments shows their types.
export function previewOf(text: string, attachments: { type: string }[] | null): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length === 0) {
    return (attachments ?? []).map((attachment) => `[${attachment.type}]`).join(' ');
  }
  const characters = Array.from(line);
  return characters.length <= PREVIEW_CHARACTERS
    ? line
    : `${characters.slice(0, PREVIEW_CHARACTERS - 1).join('')}…`;
}

export function summaryOf(
  row: ListedMessage,
  routing: RoutingSummary | undefined,
): AdminMessageSummary {
  return {
    id: row.id,
    platform: row.platform,
    external_id: row.externalId,
    conversation_id: row.conversationId,
    conversation_name: row.conversationName,
    sender: { id: row.senderId, name: row.senderName, phone: row.senderPhone },
    preview: previewOf(row.text, row.attachments),
    status: row.status,
    handling: row.handling,
    attempts: row.attempts,
    last_error: row.lastError,
    next_attempt_at: row.nextAttemptAt?.toISOString() ?? null,
    received_at: row.receivedAt.toISOString(),
    processed_at: row.processedAt?.toISOString() ?? null,
    analysis: row.analysis ? analysisOf(row.analysis) : null,
    routing: routing ? routingOf(routing) : null,
  };
}

export function openUrgentOf(counts: OpenUrgentCount[]): OpenUrgentCounts {
  const countOf = (priority: string): number =>
    counts.find((row) => row.priorityLevel === priority)?.count ?? 0;
  return { critical: countOf('critical'), high: countOf('high') };
}

function analysisOf(row: AnalyticsResult): AdminMessageAnalysis {
  return {
    urgency_score: row.urgencyScore,
    priority_level: row.priorityLevel,
    category: row.category,
    sentiment: row.sentiment,
    analyzer: row.analyzer,
    model: row.model,
  };
}

function routingOf(routing: RoutingSummary): AdminMessageRouting {
  return {
    agent: routing.agent,
    outcome: routing.status,
    is_fallback: routing.isFallback,
    attempts: routing.attempts,
  };
}
