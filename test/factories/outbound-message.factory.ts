import type { DataSource } from 'typeorm';
import { Platform } from 'src/core/inbound-message';
import { OutboundKind, OutboundStatus } from 'src/core/outbound-status';
import { OutboundMessage } from 'src/replies/outbound-message.entity';

/** Stores an outbound row as the send path leaves it (by default a proactive WhatsApp send that failed). */
export async function insertOutboundMessage(
  dataSource: DataSource,
  overrides: Partial<OutboundMessage> = {},
): Promise<number> {
  const now = new Date();
  const result = await dataSource.getRepository(OutboundMessage).insert({
    messageId: null,
    kind: OutboundKind.Proactive,
    platform: Platform.WhatsApp,
    conversationId: null,
    recipient: '905551234567',
    text: 'Siparişiniz yola çıktı',
    template: null,
    delivery: null,
    status: OutboundStatus.Failed,
    attempts: 5,
    lastError: 'WhatsApp: HTTP 503',
    externalId: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  });
  return (result.identifiers[0] as { id: number }).id;
}
