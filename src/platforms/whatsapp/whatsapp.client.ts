import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { Platform } from 'src/core/inbound-message';
import type { OutboundTemplate } from 'src/core/outbound-template';
import type { OutboundEnvelope, PlatformClient, SendReceipt } from 'src/replies/platform-client';
import { PlatformClientRegistry } from 'src/replies/platform-client.registry';
import { PlatformHttpClient } from 'src/replies/platform-http.client';
import { PlatformSendError } from 'src/replies/platform-send.error';

// Meta's limit for `text.body`.
export const MAX_WHATSAPP_TEXT_CHARS = 4096;
const REPLY_WINDOW_MS = 24 * 60 * 60 * 1000;
// Formatting a person may type around a phone number; anything else is not a number.
const PHONE_FORMATTING = /[\s()+-]/g;
const DIGITS = /^\d{1,30}$/;

interface GraphSendResponse {
  messages?: { id?: unknown }[];
}

// Sends text and templates through the Graph API: `POST {base}/{phone-number-id}/messages`.
@Injectable()
export class WhatsappClient implements PlatformClient, OnModuleInit {
  readonly platform = Platform.WhatsApp;
  readonly isProactiveSupported = true;
  readonly isTemplateSupported = true;
  // Free-form messages only within 24 hours of the user's last message; later ones need a template.
  readonly replyWindowMs = REPLY_WINDOW_MS;
  private readonly logger = new Logger(WhatsappClient.name);

  constructor(
    private readonly http: PlatformHttpClient,
    private readonly config: AppConfig,
    private readonly registry: PlatformClientRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
    if (!this.config.whatsapp.accessToken) {
      this.logger.warn('WHATSAPP_ACCESS_TOKEN is not set: WhatsApp replies will fail');
    }
  }

  async send(envelope: OutboundEnvelope): Promise<SendReceipt> {
    const { accessToken, apiBaseUrl } = this.config.whatsapp;
    if (!accessToken) {
      throw notRetryable('WHATSAPP_ACCESS_TOKEN is not set');
    }
    const phoneNumberId =
      stringOf(envelope.delivery?.phoneNumberId) ?? this.config.whatsapp.phoneNumberId;
    if (!phoneNumberId) {
      throw notRetryable('no phone number id: WHATSAPP_PHONE_NUMBER_ID is not set');
    }
    const to = envelope.recipient.replace(PHONE_FORMATTING, '');
    if (!DIGITS.test(to)) {
      // Never send to a number made up by stripping letters from an id.
      throw notRetryable('the recipient is not a WhatsApp phone number');
    }
    const contextMessageId = stringOf(envelope.delivery?.contextMessageId);
    const response = await this.http.request({
      method: 'POST',
      url: `${apiBaseUrl.replace(/\/+$/, '')}/${encodeURIComponent(phoneNumberId)}/messages`,
      headers: { authorization: `Bearer ${accessToken}` },
      body: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to,
        ...(envelope.template
          ? { type: 'template', template: templateOf(envelope.template) }
          : {
              type: 'text',
              text: { preview_url: false, body: cut(envelope.text, MAX_WHATSAPP_TEXT_CHARS) },
            }),
        ...(contextMessageId ? { context: { message_id: contextMessageId } } : {}),
      },
    });
    const id = (response.body as GraphSendResponse | null)?.messages?.[0]?.id;
    if (typeof id !== 'string' || id === '') {
      // Sent, but later status reports cannot be matched to it.
      this.logger.warn({ outboundId: envelope.id }, 'Graph API answer without a message id');
      return { externalId: null };
    }
    return { externalId: id };
  }
}

// Meta's form: `{name, language: {code}, components?}`, the code with an underscore (`en_US`).
function templateOf({ name, language, components }: OutboundTemplate): object {
  return {
    name,
    language: { code: language.replace('-', '_') },
    ...(components ? { components } : {}),
  };
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

// By code point, so an emoji is never split in half.
function cut(text: string, maxChars: number): string {
  const characters = Array.from(text);
  return characters.length > maxChars ? characters.slice(0, maxChars).join('') : text;
}

function notRetryable(reason: string): PlatformSendError {
  return new PlatformSendError(`WhatsApp: ${reason}`, { httpStatus: null, isRetryable: false });
}
