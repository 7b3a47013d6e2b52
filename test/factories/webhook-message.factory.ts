import type { DataSource } from 'typeorm';
import { type InboundMessage, Platform } from 'src/messages/inbound-message';
import { WebhookMessage } from 'src/messages/webhook-message.entity';

let sequence = 0;

/**
 * A `webhook_messages` row to save: a text message with a fresh external id, received now (or at
 * `overrides.receivedAt`) and sent at that instant. Status, attempts, duplicate count and
 * processing columns keep their database defaults unless overridden.
 */
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

/** The row holding `message` as delivered: its ids, sender, text, attachments and payload. */
export function buildWebhookMessageRowFor(
  message: InboundMessage,
  overrides: Partial<WebhookMessage> = {},
): Partial<WebhookMessage> {
  return buildWebhookMessageRow({
    platform: message.platform,
    externalId: message.externalId,
    conversationId: message.conversationId,
    conversationName: message.conversationName,
    senderId: message.sender.id,
    senderName: message.sender.name,
    senderPhone: message.sender.phone,
    eventType: message.eventType,
    text: message.text,
    attachments: message.attachments,
    rawPayload: message.raw,
    sentAt: message.sentAt,
    receivedAt: message.receivedAt,
    ...overrides,
  });
}

/** Saves `buildWebhookMessageRow(overrides)` and returns the stored entity with its id. */
export function insertWebhookMessage(
  dataSource: DataSource,
  overrides: Partial<WebhookMessage> = {},
): Promise<WebhookMessage> {
  return dataSource.getRepository(WebhookMessage).save(buildWebhookMessageRow(overrides));
}
