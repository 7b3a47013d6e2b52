import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig } from 'src/config/app-config';
import { Handling, type InboundMessage, Platform } from 'src/core/inbound-message';
import { WhatsappAdapter } from 'src/platforms/whatsapp/whatsapp.adapter';
import { WhatsappWebhookDto } from 'src/platforms/whatsapp/whatsapp.dto';
import type { OutboundStatusUpdate } from 'src/replies/outbound.service';

// What the WhatsApp adapter's unit specs share.
export const SECRET = 'test-app-secret';
export const VERIFY_TOKEN = 'verify-me-please';
export const RECEIVED_AT = new Date('2025-03-03T11:10:02.000Z');

// As the global ValidationPipe hands it over: transformed, validated, unknown fields stripped.
export function dtoOf(plain: unknown): WhatsappWebhookDto {
  const dto = plainToInstance(WhatsappWebhookDto, plain);
  const errors = validateSync(dto, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new Error(`invalid payload: ${errors.map((error) => error.property).join(', ')}`);
  }
  return dto;
}

export function invalidFieldsOf(plain: unknown): string[] {
  const dto = plainToInstance(WhatsappWebhookDto, plain);
  const walk = (errors: ReturnType<typeof validateSync>, parent: string): string[] =>
    errors.flatMap((error) => {
      const field = parent ? `${parent}.${error.property}` : error.property;
      return [...(error.constraints ? [field] : []), ...walk(error.children ?? [], field)];
    });
  return walk(validateSync(dto, { whitelist: true, forbidUnknownValues: true }), '');
}

export function whatsappAdapterWith(env: Record<string, string> = {}): WhatsappAdapter {
  return new WhatsappAdapter(
    AppConfig.fromEnv({
      LOG_LEVEL: 'silent',
      WHATSAPP_APP_SECRET: SECRET,
      WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
      ...env,
    }),
  );
}

export function expectedMessage(overrides: Partial<InboundMessage>): InboundMessage {
  return {
    platform: Platform.WhatsApp,
    externalId: '',
    conversationId: '905551234567',
    conversationName: 'Derya Yılmaz',
    sender: { id: '905551234567', name: 'Derya Yılmaz', phone: '+905551234567' },
    eventType: 'message',
    text: '',
    attachments: [],
    history: [],
    sentAt: RECEIVED_AT,
    receivedAt: RECEIVED_AT,
    raw: {},
    replyTo: null,
    handling: Handling.Route,
    ...overrides,
  };
}

export function expectedStatusUpdate(
  externalId: string,
  status: OutboundStatusUpdate['status'],
  error: string | null = null,
): OutboundStatusUpdate {
  return { platform: Platform.WhatsApp, externalId, status, error };
}

// `toEqual` takes an undefined property as absent.
export function withoutRaw(message: InboundMessage): InboundMessage {
  return { ...message, raw: undefined as unknown as object };
}

export function replyTo(
  wamid: string,
  phoneNumberId: string | null = '118273645509182',
  recipient = '905551234567',
): InboundMessage['replyTo'] {
  return { recipient, delivery: { phoneNumberId, contextMessageId: wamid } };
}
