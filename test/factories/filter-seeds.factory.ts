import { Platform } from 'src/core/inbound-message';
import { MessageStatus } from 'src/core/message-status';
import { RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import type { TriagedMessageSpec } from 'test/factories/triaged-message.factory';

// Messages for test/e2e/admin-messages-filters.e2e-spec.ts: one per case its filters tell apart,
// named by letter. Received at fixed times before NOW.
const NOW = Date.parse('2025-03-03T12:00:00.000Z');
const MINUTE = 60_000;
export const LONG_TEXT = 'Bitte dringend zurückrufen, die Lieferung fehlt. '.repeat(6).trim();

const ago = (minutes: number): Date => new Date(NOW - minutes * MINUTE);

// Inserted in this order, so ids do not follow the time received: the list must order by time.
export const FILTER_SEEDS: Record<string, TriagedMessageSpec> = {
  B: {
    message: {
      platform: Platform.Kore,
      status: MessageStatus.Dead,
      receivedAt: ago(300),
      senderId: 'mira.kaya@example.org',
      conversationId: 'mira.kaya@example.org',
      text: 'Login fails with error 500, I cannot pay my invoice',
      lastError: 'routing failed',
    },
    analysis: { priorityLevel: 'critical', category: 'technical', urgencyScore: 9 },
    routing: [
      { agent: 'code_debugger', status: RoutingAttemptStatus.Failed, httpStatus: 503 },
      {
        agent: 'agent_hub',
        isFallback: true,
        status: RoutingAttemptStatus.Failed,
        error: 'HTTP 503',
      },
    ],
  },
  A: {
    message: {
      platform: Platform.WhatsApp,
      receivedAt: ago(60),
      senderId: '905551234567',
      senderName: 'Derya Yılmaz',
      senderPhone: '+905551234567',
      conversationId: '905551234567',
      text: 'Motor yanıyor, duman çıkıyor!',
    },
    analysis: {
      priorityLevel: 'critical',
      category: 'complaint',
      urgencyScore: 10,
      sentiment: 'urgent',
      analyzer: 'openai',
      model: 'gpt-4o-mini',
    },
    routing: [{ agent: 'business_workflow', latencyMs: 87 }],
  },
  F: {
    message: {
      platform: Platform.WhatsApp,
      receivedAt: ago(26 * 60),
      conversationName: 'Kargo Ekibi',
      text: 'Do you have the 100% cotton shirt in M?',
    },
    analysis: { priorityLevel: 'normal', category: 'sales', urgencyScore: 4 },
  },
  C: {
    message: {
      platform: Platform.Userlike,
      status: MessageStatus.Failed,
      receivedAt: ago(120),
      text: 'Şikayetim var: paket hâlâ gelmedi',
    },
    analysis: { priorityLevel: 'high', category: 'complaint', urgencyScore: 7 },
  },
  G: {
    message: {
      platform: Platform.Izer,
      status: MessageStatus.Dead,
      receivedAt: ago(180),
      text: 'Need a quote for 1000 units before 17:00 today',
    },
    analysis: { priorityLevel: 'high', category: 'sales', urgencyScore: 8 },
  },
  E: {
    message: {
      platform: Platform.Izer,
      status: MessageStatus.Received,
      receivedAt: ago(10),
      text: 'İADE EDİN paramı',
    },
    analysis: null,
  },
  D: {
    message: { platform: Platform.Kindly, receivedAt: ago(30), text: 'thanks!' },
    analysis: { priorityLevel: 'low', category: 'general', urgencyScore: 2 },
  },
  H: {
    message: {
      platform: Platform.Kore,
      status: MessageStatus.Analyzed,
      receivedAt: ago(240),
      text: LONG_TEXT,
    },
    analysis: { priorityLevel: 'critical', category: 'support', urgencyScore: 9 },
  },
};
