import type { DeliveryDetails } from 'src/core/inbound-message';
import type { Platform } from 'src/core/inbound-message';
import type { OutboundKind } from 'src/core/outbound-status';
import type { OutboundTemplate } from 'src/core/outbound-template';

/** One stored outbound message, as a platform client sends it. */
export interface OutboundEnvelope {
  /** The `outbound_messages` row; stable across retries, so usable as an idempotency key. */
  id: number;
  kind: OutboundKind;
  recipient: string;
  conversationId: string | null;
  /** The message; for a template send only its label (`templateLabel`). */
  text: string;
  /** A template to send instead of `text`; only ever given to a client with `isTemplateSupported`. */
  template: OutboundTemplate | null;
  /** What the adapter put in `ReplyAddress.delivery` (`null` for proactive messages). */
  delivery: DeliveryDetails | null;
}

export interface SendReceipt {
  /** The platform's id of the sent message, when it gives one (matched by later status updates). */
  externalId: string | null;
}

/**
 * Sends messages through one platform's API. The only place that knows how a platform is
 * written to; `OutboundService` stores, retries, rate-limits and records around it.
 * A failed send throws `PlatformSendError`.
 */
export interface PlatformClient {
  readonly platform: Platform;
  /** Whether `POST /messages/proactive` can send through this platform. */
  readonly isProactiveSupported: boolean;
  /** Whether it sends templates (`OutboundEnvelope.template`). Absent: it does not. */
  readonly isTemplateSupported?: boolean;
  /**
   * Free-form messages may only go out this long after the user's last message (WhatsApp:
   * 24 hours); outside it only a template may go (see `reply-window.ts`). Absent: no window.
   */
  readonly replyWindowMs?: number;
  /**
   * Whether it sends `handover` rows: the conversation handed to a human (Userlike's forward).
   * Absent: the platform has no hand-over of its own, and none is queued for it.
   */
  readonly isHandoverSupported?: boolean;
  /** At most `limit` sends per `windowMs` to one conversation (Userlike: 20 per minute). */
  readonly rateLimit?: { limit: number; windowMs: number };
  send(envelope: OutboundEnvelope): Promise<SendReceipt>;
}
