import type { DataSource } from 'typeorm';
import { Platform } from 'src/core/inbound-message';
import { MessageStatus } from 'src/core/message-status';
import { OutboundStatus } from 'src/core/outbound-status';
import { RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import {
  insertTriagedMessage,
  type TriagedMessageSpec,
} from 'test/factories/triaged-message.factory';
import conversations from 'test/fixtures/inbox/conversations.json';

const MINUTE_MS = 60_000;
const CLASSIFIER = 'triage-2026-12-05-8532884d';
const AGENT_FOR: Record<string, string> = {
  technical: 'code_debugger',
  sales: 'business_workflow',
  complaint: 'business_workflow',
};
const URGENCY_FOR: Record<string, number> = { critical: 10, high: 8, normal: 5, low: 2 };

interface Conversation {
  platform: string;
  name: string | null;
  // The sender id is the phone number's digits where the platform identifies people by number.
  phone: string | null;
  id?: string;
  text: string;
  minutesAgo: number;
  priority: 'critical' | 'high' | 'normal' | 'low' | null;
  category: string;
  language: string;
  keywords: string[];
  status?: MessageStatus;
  analyzer?: string;
  history?: { fromCustomer: boolean; content: string; minutesAgo: number }[];
  reply?: OutboundStatus;
}

// Customers of a few businesses on every platform, in the four languages the analyzer reads.
const CONVERSATIONS = conversations as Conversation[];

const ROUTINE_TEXTS: [string, string, string][] = [
  ['Can I change the delivery address of my order?', 'support', 'en'],
  ['Siparişimin faturasını alabilir miyim?', 'support', 'tr'],
  ['Gibt es das Trekkingrad noch in Größe L?', 'sales', 'de'],
  ['Har dere åpent på søndag?', 'inquiry', 'no'],
  ['thanks, that solved it!', 'general', 'en'],
  ['Password reset mail never arrives, tried 4 times.', 'technical', 'en'],
];
const PLATFORMS = Object.values(Platform);

function specOf(conversation: Conversation, now: number): TriagedMessageSpec {
  const senderId = conversation.id ?? (conversation.phone ?? '').replace(/\D/g, '');
  const agent = AGENT_FOR[conversation.category] ?? 'general_purpose';
  const status = conversation.status ?? MessageStatus.Done;
  const isFailing = status === MessageStatus.Failed || status === MessageStatus.Dead;
  const receivedAt = new Date(now - conversation.minutesAgo * MINUTE_MS);
  const analyzer = conversation.analyzer ?? 'heuristic';
  return {
    message: {
      platform: conversation.platform,
      senderId,
      senderName: conversation.name,
      senderPhone: conversation.phone,
      conversationId: senderId,
      text: conversation.text,
      status,
      attempts: isFailing ? 3 : 1,
      lastError: isFailing ? 'routing failed: agent_hub answered HTTP 503' : null,
      receivedAt,
      sentAt: receivedAt,
      processedAt: status === MessageStatus.Done ? new Date(receivedAt.getTime() + 900) : null,
    },
    analysis: conversation.priority && {
      priorityLevel: conversation.priority,
      urgencyScore: URGENCY_FOR[conversation.priority],
      category: conversation.category,
      sentiment: conversation.priority === 'critical' ? 'urgent' : 'neutral',
      keywords: conversation.keywords,
      language: conversation.language,
      analyzer,
      model: analyzer === 'openai' ? 'gpt-4o-mini' : CLASSIFIER,
      reasoning: `${conversation.category}, ${conversation.priority}: ${conversation.keywords.join(', ') || 'no cue words'}`,
      recommendedResponseTime: conversation.priority === 'critical' ? 'immediate' : '4hours',
    },
    history: (conversation.history ?? []).map((line) => ({
      sender: line.fromCustomer ? (conversation.name ?? senderId) : 'Shop assistant',
      content: line.content,
      sentAt: new Date(now - line.minutesAgo * MINUTE_MS),
    })),
    routing:
      !conversation.priority || status === MessageStatus.Received
        ? []
        : isFailing
          ? [
              {
                agent,
                status: RoutingAttemptStatus.Failed,
                httpStatus: 503,
                latencyMs: 212,
                error: 'HTTP 503',
              },
              {
                agent: 'agent_hub',
                attempt: 1,
                isFallback: true,
                status: RoutingAttemptStatus.Failed,
                httpStatus: null,
                latencyMs: 5000,
                error: 'timeout after 5000 ms',
              },
            ]
          : [{ agent, latencyMs: 140 + conversation.minutesAgo }],
    outbound: conversation.reply
      ? [
          {
            status: conversation.reply,
            text: 'Thanks for writing, a colleague is on it.',
            lastError:
              conversation.reply === OutboundStatus.Failed ? 'HTTP 500 from the platform' : null,
          },
        ]
      : [],
  };
}

/**
 * The inbox's traffic: test/fixtures/inbox/conversations.json (every platform, urgent and routine, done,
 * failed, dead, in progress and not analysed), then `routine` older routine messages so the list
 * has more than one page.
 */
export async function seedInboxTraffic(
  dataSource: DataSource,
  { now = Date.now(), routine = 50 }: { now?: number; routine?: number } = {},
): Promise<number> {
  const all = [...CONVERSATIONS];
  for (let i = 0; i < routine; i += 1) {
    const [text, category, language] = ROUTINE_TEXTS[i % ROUTINE_TEXTS.length];
    all.push({
      platform: PLATFORMS[i % PLATFORMS.length],
      name: null,
      phone: null,
      id: `customer-${1000 + i}`,
      text,
      minutesAgo: 180 + i * 37,
      priority: i % 3 === 0 ? 'normal' : 'low',
      category,
      language,
      keywords: [],
    });
  }
  for (const conversation of all) {
    await insertTriagedMessage(dataSource, specOf(conversation, now));
  }
  return all.length;
}

export const SEEDED_PHONES = CONVERSATIONS.flatMap((conversation) =>
  conversation.phone ? [conversation.phone] : [],
);
