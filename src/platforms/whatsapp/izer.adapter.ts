import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { normalizePhone } from 'src/common/text/phone';
import { constantTimeEqual } from 'src/common/security/constant-time-equal';
import { AppConfig } from 'src/config/app-config';
import { Handling, type InboundMessage, Platform } from 'src/core/inbound-message';
import type { IngestResult } from 'src/messages/ingest-result';
import type { PlatformAdapter } from 'src/platforms/platform-adapter';
import type { IzerWebhookDto } from 'src/platforms/whatsapp/izer.dto';
import type { IzerWebhookResponse } from 'src/platforms/whatsapp/izer.response';

const MAX_ID_LENGTH = 191;

// Seed 004's flattened WhatsApp message (`POST /webhook`), as the İzer system sends it.
@Injectable()
export class IzerAdapter implements PlatformAdapter<IzerWebhookDto>, OnModuleInit {
  readonly platform = Platform.Izer;
  private readonly logger = new Logger(IzerAdapter.name);

  constructor(private readonly config: AppConfig) {}

  onModuleInit(): void {
    if (!this.config.security.izerWebhookToken) {
      this.logger.warn(
        this.config.security.isUnsignedWebhooksAllowed
          ? 'IZER_WEBHOOK_TOKEN is not set: POST /webhook accepts unauthenticated requests'
          : 'IZER_WEBHOOK_TOKEN is not set and unsigned webhooks are not allowed: POST /webhook refuses every request',
      );
    }
  }

  verifySignature(_rawBody: Buffer | undefined, headers: IncomingHttpHeaders): boolean {
    const token = this.config.security.izerWebhookToken;
    if (!token) {
      return this.config.security.isUnsignedWebhooksAllowed;
    }
    const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
    return match !== null && constantTimeEqual(match[1].trim(), token);
  }

  toMessages(payload: IzerWebhookDto, receivedAt: Date): InboundMessage[] {
    const phone = payload.phone_number ? normalizePhone(payload.phone_number) : null;
    const name = payload.chat_name ?? null;
    return [
      {
        platform: this.platform,
        externalId: payload.message_id,
        // One WhatsApp chat per phone number; the name is the fallback when a payload has none.
        conversationId: phone ?? boundedId(name ? `name:${name}` : `message:${payload.message_id}`),
        conversationName: name,
        sender: { id: phone ?? boundedId(name ?? payload.message_id), name, phone },
        eventType: 'message',
        text: payload.current_message,
        attachments: [],
        history: (payload.history ?? []).map((line) => ({
          sender: line.sender,
          content: line.content,
          sentAt: line.timestamp ? new Date(line.timestamp) : null,
          type: line.type ?? 'text',
        })),
        sentAt: payload.chat_time ? new Date(payload.chat_time) : receivedAt,
        receivedAt,
        raw: payload,
        // İzer reads the analysis and the agent's answer from this webhook's own answer.
        replyTo: null,
        handling: Handling.Route,
      },
    ];
  }

  toResponse(result: IngestResult): IzerWebhookResponse {
    const { analysis, routing } = result;
    return {
      // Stored and analysed; whether an agent took it is `routing.success`.
      success: analysis !== null,
      message_id: result.externalId,
      database_id: result.databaseId,
      analysis: analysis && {
        urgency_score: analysis.urgencyScore,
        category: analysis.category,
        sentiment: analysis.sentiment,
        keywords: analysis.keywords,
        priority_level: analysis.priorityLevel,
        action_required: analysis.isActionRequired,
        recommended_response_time: analysis.recommendedResponseTime,
      },
      routing: {
        success: routing?.isSuccess ?? false,
        agent: routing?.agent ?? null,
        response: routing?.response ?? {},
      },
      processed_at: (result.processedAt ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ...(result.isDuplicate ? { duplicate: true } : {}),
    };
  }
}

// Ids are stored in 191-character columns: a longer derived id is replaced by its digest.
function boundedId(id: string): string {
  return id.length <= MAX_ID_LENGTH
    ? id
    : `sha256:${createHash('sha256').update(id).digest('hex')}`;
}
