import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { generateMessage } from 'src/analysis/keyword-optimizer';
import { constantTimeEqual } from 'src/common/security/constant-time-equal';
import { toWellFormedJson } from 'src/common/text/unicode';
import { AppConfig } from 'src/config/app-config';
import { escalationOf } from 'src/core/escalation-policy';
import { Handling, type InboundMessage, Platform } from 'src/core/inbound-message';
import type { IngestOptions, IngestResult } from 'src/messages/ingest-result';
import type { PlatformAdapter } from 'src/platforms/platform-adapter';
import {
  contentOf,
  MAX_NAME_LENGTH,
  readEmail,
  readId,
  readPhone,
  readText,
} from 'src/platforms/userlike/userlike-content';
import { UserlikeEventName, type UserlikeWebhookDto } from 'src/platforms/userlike/userlike.dto';
import {
  canonicalJson,
  contextWithTriage,
  forwardEvent,
  messageEvents,
  type UserlikeTriage,
} from 'src/platforms/userlike/userlike-events';
import type { UserlikeEvent } from 'src/platforms/userlike/userlike.response';
import {
  connectingText,
  FORWARD_FAILED_TEXT,
  HOLDING_TEXT,
  receivedText,
} from 'src/platforms/userlike/userlike-texts';

// Userlike Chatbot API (seed 002): every chat event of a bot session, answered with a list of
// triggerable events. Only `info.cid` and `packet.name` of the envelope are confirmed by
// Userlike's docs; what the contact sent is read in userlike-content.ts.
@Injectable()
export class UserlikeAdapter implements PlatformAdapter<UserlikeWebhookDto>, OnModuleInit {
  readonly platform = Platform.Userlike;
  private readonly logger = new Logger(UserlikeAdapter.name);

  constructor(private readonly config: AppConfig) {}

  onModuleInit(): void {
    if (!this.config.userlike.webhookToken) {
      this.logger.warn(
        this.config.security.isUnsignedWebhooksAllowed
          ? 'USERLIKE_WEBHOOK_TOKEN is not set: POST /webhooks/userlike accepts unauthenticated requests'
          : 'USERLIKE_WEBHOOK_TOKEN is not set and unsigned webhooks are not allowed: POST /webhooks/userlike refuses every request',
      );
    }
  }

  // Userlike signs nothing: it sends the header configured under "Webhook headers" in its dashboard.
  verifySignature(_rawBody: Buffer | undefined, headers: IncomingHttpHeaders): boolean {
    const token = this.config.userlike.webhookToken;
    if (!token) {
      return this.config.security.isUnsignedWebhooksAllowed;
    }
    // Node lower-cases incoming header names.
    const given = headers[this.config.userlike.webhookHeader.toLowerCase()];
    return typeof given === 'string' && constantTimeEqual(given, token);
  }

  // Short enough for Userlike to wait for; a later agent reply goes out through the API URL.
  get ingestOptions(): IngestOptions {
    return { answerWithinMs: this.config.userlike.answerTimeoutMs, isReplyInAnswer: true };
  }

  toMessages(payload: UserlikeWebhookDto, receivedAt: Date): InboundMessage[] {
    const { info, packet } = payload;
    const contact = info.contact ?? {};
    const content = contentOf(packet);
    return [
      {
        platform: this.platform,
        externalId: deliveryId(payload),
        conversationId: info.cid,
        conversationName: null,
        sender: {
          id: readId(contact.id) ?? readEmail(contact.email) ?? info.cid,
          name: readText(contact.name, MAX_NAME_LENGTH),
          phone: readPhone(contact.mobile_number),
        },
        eventType: packet.name,
        text: content.text,
        attachments: content.attachments,
        history: [],
        // Userlike sends no time of its own.
        sentAt: receivedAt,
        receivedAt,
        raw: toWellFormedJson(payload) as object,
        replyTo: { recipient: info.cid, delivery: null },
        handling: content.handling,
      },
    ];
  }

  /** The events answering a webhook call, each carrying the context extended with the triage. */
  toEvents(payload: UserlikeWebhookDto, result: IngestResult): UserlikeEvent[] {
    const { cid } = payload.info;
    const context = contextWithTriage(payload.info.context, triageOf(result));
    switch (payload.packet.name) {
      case UserlikeEventName.Start: {
        const welcome = messageEvents(cid, this.config.userlike.welcomeMessage, context);
        return contentOf(payload.packet).handling === Handling.RecordOnly
          ? welcome
          : [...welcome, ...this.answerEvents(cid, result, context)];
      }
      case UserlikeEventName.Message:
      case UserlikeEventName.Click:
      case UserlikeEventName.Media:
      case UserlikeEventName.Location:
        return this.answerEvents(cid, result, context);
      case UserlikeEventName.ForwardFailed:
        return messageEvents(cid, FORWARD_FAILED_TEXT, context);
      case UserlikeEventName.CampaignUnsubscribe:
        // Userlike has already confirmed the unsubscription to the contact.
        return [];
    }
  }

  // The escalation policy decides; Userlike's wording: "connecting you" with the forward, else
  // the agent's reply, else the notice for an urgent message, else a receipt.
  private answerEvents(
    cid: string,
    result: IngestResult,
    context: Record<string, unknown>,
  ): UserlikeEvent[] {
    const { analysis, routing, reply } = result;
    if (!analysis) {
      // Still processing: the agent's reply will follow through the API URL.
      return messageEvents(cid, HOLDING_TEXT, context);
    }
    // Only what the contact sent reaches here, and all of it is routed.
    const escalation = escalationOf({
      analysis,
      handling: Handling.Route,
      routing,
      hasReply: reply !== null,
    });
    const replies = reply === null ? [] : messageEvents(cid, reply, context);
    if (escalation.handToHuman) {
      return [
        ...replies,
        ...messageEvents(cid, connectingText(analysis.language), context),
        forwardEvent(cid, this.config.userlike.forwardGroup, context),
      ];
    }
    if (replies.length > 0) {
      return replies;
    }
    const text = escalation.notifyUser
      ? generateMessage(null, analysis.language)
      : receivedText(analysis.language);
    return messageEvents(cid, text, context);
  }
}

/**
 * Userlike sends no message id or time. A delivery is identified by its session, event, payload
 * and context: a repeat of the same call is the same delivery, while two equal texts in one
 * session differ in their context, because every answer sets a context carrying the id of the
 * message it answered (`triage.message_id`) and Userlike echoes the last one in its next call.
 * Two equal events with no answer in between (e.g. two unsubscribes) count as one.
 */
export function deliveryId(payload: UserlikeWebhookDto): string {
  const identity = canonicalJson([
    payload.info.cid,
    payload.packet.name,
    payload.packet.payload ?? null,
    payload.info.context ?? null,
  ]);
  return `sha256:${createHash('sha256').update(identity).digest('hex')}`;
}

function triageOf(result: IngestResult): UserlikeTriage {
  const { analysis } = result;
  return {
    urgency_score: analysis?.urgencyScore ?? null,
    category: analysis?.category ?? null,
    priority_level: analysis?.priorityLevel ?? null,
    sentiment: analysis?.sentiment ?? null,
    message_id: result.databaseId,
  };
}
