import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { createHash } from 'node:crypto';
import { flattenValidationErrors } from 'src/common/validation/validation-exception.factory';
import { AppConfig } from 'src/config/app-config';
import type { InboundMessage } from 'src/core/inbound-message';
import type { IngestResult } from 'src/messages/ingest-result';
import { MessageStatus } from 'src/core/message-status';
import { UserlikeAdapter } from 'src/platforms/userlike/userlike.adapter';
import { UserlikeWebhookDto } from 'src/platforms/userlike/userlike.dto';
import { AgentName } from 'src/core/routing-outcome';
import { buildMessageAnalysis } from 'test/factories/message-analysis.factory';

// What the Userlike adapter's unit specs share.
export const CID = 'chatbot::412:3c9e0a7b51d24f6e8a0b9c1d2e3f4a5b';
export const RECEIVED_AT = new Date('2025-03-03T11:10:00.000Z');
export const WELCOME = 'Welcome to the bike shop!';

export function userlikeAdapterWith(env: Record<string, string>): UserlikeAdapter {
  return new UserlikeAdapter(
    AppConfig.fromEnv({ USERLIKE_WELCOME_MESSAGE: WELCOME, LOG_LEVEL: 'silent', ...env }),
  );
}

// As the global ValidationPipe hands it to the controller.
export function toDto(plain: unknown): UserlikeWebhookDto {
  const dto = plainToInstance(UserlikeWebhookDto, plain);
  const errors = validateSync(dto, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new Error(`invalid: ${JSON.stringify(flattenValidationErrors(errors))}`);
  }
  return dto;
}

export function invalidFields(plain: unknown): string[] {
  const dto = plainToInstance(UserlikeWebhookDto, plain) as object;
  const errors = validateSync(dto, { whitelist: true, forbidUnknownValues: true });
  return flattenValidationErrors(errors).map((error) => error.field);
}

export function expectedId(parts: unknown[]): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(parts)).digest('hex')}`;
}

export function jsonOf(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

export function resultOf(overrides: Partial<IngestResult> = {}): IngestResult {
  return {
    databaseId: 17,
    externalId: 'sha256:x',
    isDuplicate: false,
    status: MessageStatus.Done,
    analysis: buildMessageAnalysis({ urgencyScore: 4, category: 'inquiry' as never }),
    routing: {
      isSuccess: true,
      agent: AgentName.GeneralPurpose,
      response: {},
      reply: null,
      isHumanHandover: false,
      attempts: 1,
    },
    processedAt: RECEIVED_AT,
    reply: null,
    ...overrides,
  };
}

export interface UserlikeAdapterSuite {
  readonly sut: UserlikeAdapter;
  // The one message `plain` maps to (asserting it maps to exactly one).
  readonly toMessage: (plain: unknown) => InboundMessage;
}

// Registers what the adapter specs share: before each test a fresh adapter with a webhook token
// and a forward group.
export function useUserlikeAdapter(): UserlikeAdapterSuite {
  let sut: UserlikeAdapter | undefined;
  beforeEach(() => {
    sut = userlikeAdapterWith({
      USERLIKE_WEBHOOK_TOKEN: 'hook-secret',
      USERLIKE_FORWARD_GROUP: '42',
    });
  });
  const adapter = (): UserlikeAdapter => {
    if (!sut) {
      throw new Error('the Userlike adapter is created in beforeEach');
    }
    return sut;
  };
  return {
    get sut(): UserlikeAdapter {
      return adapter();
    },
    toMessage: (plain) => {
      const messages = adapter().toMessages(toDto(plain), RECEIVED_AT);
      expect(messages).toHaveLength(1);
      return messages[0];
    },
  };
}
