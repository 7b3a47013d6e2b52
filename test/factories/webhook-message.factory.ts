import type { DataSource } from 'typeorm';
import { type InboundMessage, Platform } from 'src/core/inbound-message';
import { WebhookMessage } from 'src/messages/webhook-message.entity';

let sequence = 0;

// Status, attempts, duplicate count and processing columns keep their database defaults unless
// overridden.
export function buildWebhookMessageRow(
  overrides: Partial<WebhookMessage> = {},
): Partial<WebhookMessage> {
  sequence += 1;
  const receivedAt = overrides.receivedAt ?? new Date();
  return {
    platform: Platform.Izer,
    externalId: `ext-${sequence}`,
    conversationId: 'c-1',
    conversationName: null,
    senderId: 'u-1',
    senderName: null,
    senderPhone: null,
    eventType: 'message',
    text: 'Merhaba, bisikletim ne zaman gelir?',
    attachments: null,
    rawPayload: null,
    sentAt: receivedAt,
    receivedAt,
    ...overrides,
  };
}

export function buildWebhookMessageRowFor(
  message: InboundMessage,
  overrides: Partial<WebhookMessage> = {},
): Partial<WebhookMessage> {
  return buildWebhookMessageRow({ ...WebhookMessage.rowFor(message), ...overrides });
}

export function insertWebhookMessage(
  dataSource: DataSource,
  overrides: Partial<WebhookMessage> = {},
): Promise<WebhookMessage> {
  return dataSource.getRepository(WebhookMessage).save(buildWebhookMessageRow(overrides));
}
