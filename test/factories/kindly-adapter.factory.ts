import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig } from 'src/config/app-config';
import type { InboundMessage } from 'src/core/inbound-message';
import type { IngestResult } from 'src/messages/ingest-result';
import { MessageStatus } from 'src/core/message-status';
import { KindlyAdapter } from 'src/platforms/kindly/kindly.adapter';
import { KindlyWebhookDto } from 'src/platforms/kindly/kindly.dto';
import type { KindlyPayload } from 'test/factories/kindly-payload.factory';

// What the Kindly adapter's unit specs share.
export const RECEIVED_AT = new Date('2025-03-03T10:01:31.000Z');
export const CHAT_ID = 'a3f1c9e2-57b4-4d8a-b6e0-2c9d7f1e4a58';

// What the global ValidationPipe hands the controller: a whitelisted DTO instance.
export function toDto(payload: unknown): KindlyWebhookDto {
  const dto = plainToInstance(KindlyWebhookDto, payload);
  const errors = validateSync(dto, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new Error(`invalid payload: ${errors.map((error) => error.property).join(', ')}`);
  }
  return dto;
}

export function kindlyAdapterWith(env: Record<string, string> = {}): KindlyAdapter {
  return new KindlyAdapter(AppConfig.fromEnv({ LOG_LEVEL: 'silent', ...env }));
}

export function messageOf(sut: KindlyAdapter, payload: KindlyPayload): InboundMessage {
  return sut.toMessages(toDto(payload), RECEIVED_AT)[0];
}

export function resultWith(overrides: Partial<IngestResult> = {}): IngestResult {
  return {
    databaseId: 42,
    externalId: 'sha256:x',
    isDuplicate: false,
    status: MessageStatus.Done,
    analysis: null,
    routing: null,
    processedAt: null,
    reply: null,
    ...overrides,
  };
}
