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
 * Where replies to a message go, as its platform's client needs it. Set by the adapter and
 * carried opaquely: nothing after the adapter reads inside it.
 */
/** JSON-shaped details a platform client needs to send (stored in a JSON column). */
export type DeliveryDetails = Record<string, string | number | boolean | object | null>;

export interface ReplyAddress {
  /** Whom the platform's client sends to (a phone number, a session id, a user identity…). */
  recipient: string;
  /** Anything else that client needs to send a reply (a callback URL, the message replied to…). */
  delivery: DeliveryDetails | null;
}

/** How the gateway answers a message beyond analysing and storing it. */
export enum Handling {
  /** Every message goes to an agent (the default). */
  Route = 'route',
  /**
   * The platform runs its own bot: only critical messages go to an agent, the rest are handed
   * back to that bot through the platform's client.
   */
  BotFirst = 'bot_first',
  /** The platform's bot asked for a human: the message goes to an agent as a human handover. */
  HumanHandover = 'human_handover',
  /** Kept as history only (e.g. what the platform's bot said): not analysed, routed or answered. */
  RecordOnly = 'record_only',
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
  /** `null` when replies can only go in the webhook's own answer. */
  replyTo: ReplyAddress | null;
  handling: Handling;
}
