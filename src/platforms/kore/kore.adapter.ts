import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { constantTimeEqual } from 'src/common/security/constant-time-equal';
import { AppConfig } from 'src/config/app-config';
import { Handling, type InboundMessage, Platform } from 'src/core/inbound-message';
import type { IngestResult } from 'src/messages/ingest-result';
import type { PlatformAdapter } from 'src/platforms/platform-adapter';
import type { KoreWebhookEventDto } from 'src/platforms/kore/kore.dto';
import type { KoreWebhookResponse } from 'src/platforms/kore/kore.response';

// Seed 000 answered an unremarkable message with nothing; an empty answer reads as a failure.
export const KORE_ACKNOWLEDGEMENT = 'Thank you, we have received your message.';
const DEFAULT_EVENT_TYPE = 'unknown';

// Seed 000's event `{userInfo: {email}, eventType, parameters: {text}}` (`POST /kore-webhook`).
@Injectable()
export class KoreAdapter implements PlatformAdapter<KoreWebhookEventDto>, OnModuleInit {
  readonly platform = Platform.Kore;
  private readonly logger = new Logger(KoreAdapter.name);

  constructor(private readonly config: AppConfig) {}

  onModuleInit(): void {
    if (!this.config.kore.webhookToken) {
      this.logger.warn(
        this.config.security.isUnsignedWebhooksAllowed
          ? 'KORE_WEBHOOK_TOKEN is not set: POST /kore-webhook and /webhooks/kore accept unauthenticated requests'
          : 'KORE_WEBHOOK_TOKEN is not set and unsigned webhooks are not allowed: POST /kore-webhook and /webhooks/kore refuse every request',
      );
    }
  }

  verifySignature(_rawBody: Buffer | undefined, headers: IncomingHttpHeaders): boolean {
    const token = this.config.kore.webhookToken;
    if (!token) {
      return this.config.security.isUnsignedWebhooksAllowed;
    }
    const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
    return match !== null && constantTimeEqual(match[1].trim(), token);
  }

  toMessages(payload: KoreWebhookEventDto, receivedAt: Date): InboundMessage[] {
    const identity = payload.userInfo.email;
    const eventType = payload.eventType ?? DEFAULT_EVENT_TYPE;
    const text = payload.parameters?.text ?? '';
    return [
      {
        platform: this.platform,
        externalId: externalIdOf(payload.messageId, identity, eventType, text),
        // Seed 000 knows the user only by this identity: one conversation per user.
        conversationId: identity,
        conversationName: null,
        sender: { id: identity, name: null, phone: null },
        eventType,
        text,
        attachments: [],
        history: [],
        sentAt: receivedAt,
        receivedAt,
        raw: payload,
        // A reply that misses this answer goes out through the proactive notify API.
        replyTo: { recipient: identity, delivery: null },
        handling: Handling.Route,
      },
    ];
  }

  /**
   * Seed 000's answer: the agent's reply, else the notice (seed 000's should_notify, which the
   * escalation policy decided), else an acknowledgement. The score is the stored analysis's.
   */
  toResponse(result: IngestResult, notice: string | null): KoreWebhookResponse {
    const text = result.reply ?? notice ?? KORE_ACKNOWLEDGEMENT;
    const urgencyScore = result.analysis?.urgencyScore ?? null;
    return {
      text,
      response: { text, type: 'text' },
      context: {
        score: urgencyScore,
        should_notify: result.reply === null && notice !== null,
        urgency_score: urgencyScore,
        priority_level: result.analysis?.priorityLevel ?? null,
        category: result.analysis?.category ?? null,
        message_id: result.externalId,
        database_id: result.databaseId,
        ...(result.isDuplicate ? { duplicate: true as const } : {}),
      },
      expectUserResponse: true,
    };
  }
}

// Seed 000's events carry no id of their own. Without the caller's `messageId`, the id is a
// digest of what the event says, so a repeat of the same delivery is recognised; the price is
// that the same user sending the same text again is answered as that repeat.
function externalIdOf(
  messageId: string | undefined,
  identity: string,
  eventType: string,
  text: string,
): string {
  if (messageId !== undefined) {
    return `event:${messageId}`;
  }
  const digest = createHash('sha256')
    .update(JSON.stringify([identity, eventType, text]))
    .digest('hex');
  return `seed000:${digest}`;
}
