export enum Platform {
  Izer = 'izer',
  WhatsApp = 'whatsapp',
  Userlike = 'userlike',
  Kindly = 'kindly',
  Kore = 'kore',
}

/** One line of earlier conversation, as a platform delivered it or as the gateway stored it. */
export interface HistoryLine {
  sender: string;
  content: string;
  /** When the line was written; `null` when the platform did not say. */
  sentAt: Date | null;
  /** Content type as the platform names it (`text`, `image`, …). */
  type: string;
}

/** A file, image, location or other non-text part of a message. */
export interface Attachment {
  type: string;
  url?: string;
  mimeType?: string;
  caption?: string;
}

/**
 * The one internal shape every platform adapter produces. Everything after the adapter
 * (ingest, analysis, routing) works on this and never on a platform payload.
 */
export interface InboundMessage {
  platform: Platform;
  /** The platform's own id for this message; with `platform` it identifies a delivery. */
  externalId: string;
  conversationId: string;
  /** Chat or group name where the platform has one; critical-group rules match on it. */
  conversationName: string | null;
  sender: {
    id: string;
    name: string | null;
    phone: string | null;
  };
  eventType: string;
  text: string;
  attachments: Attachment[];
  history: HistoryLine[];
  /** When the platform says the message was written (falls back to when it arrived). */
  sentAt: Date;
  receivedAt: Date;
  raw: object;
}
