import type { IncomingHttpHeaders } from 'node:http';
import type { InboundMessage, Platform } from 'src/core/inbound-message';

/**
 * Translates one platform's webhook into `InboundMessage`s. Adapters only translate: they never
 * store, score, route or call anything.
 */
export interface PlatformAdapter<TPayload> {
  readonly platform: Platform;
  /** Checks the request's authenticity on the raw bytes, before the payload is trusted. */
  verifySignature(rawBody: Buffer | undefined, headers: IncomingHttpHeaders): boolean;
  toMessages(payload: TPayload, receivedAt: Date): InboundMessage[];
}
