import { Handling, type InboundMessage, Platform } from 'src/core/inbound-message';

// Seed 004's example, as the İzer adapter hands it on.
export function buildInboundMessage(overrides: Partial<InboundMessage> = {}): InboundMessage {
  return {
    platform: Platform.Izer,
    externalId: 'wamid-1',
    conversationId: '905551234567',
    conversationName: 'Customer Chat',
    sender: { id: '905551234567', name: 'Ayşe Yılmaz', phone: '+905551234567' },
    eventType: 'message',
    text: 'Merhaba, bisikletim ne zaman gelir?',
    attachments: [],
    history: [],
    sentAt: new Date('2024-01-01T12:00:00Z'),
    receivedAt: new Date('2024-01-01T12:00:01Z'),
    raw: {},
    replyTo: null,
    handling: Handling.Route,
    ...overrides,
  };
}
