import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import {
  type Attachment,
  Handling,
  type InboundMessage,
  type ReplyAddress,
} from 'src/core/inbound-message';
import { MessageStatus } from 'src/core/message-status';

@Entity({ name: 'webhook_messages' })
@Index('uq_webhook_messages_platform_external_id', ['platform', 'externalId'], { unique: true })
@Index('idx_webhook_messages_conversation', ['platform', 'conversationId'])
@Index('idx_webhook_messages_received_at', ['receivedAt'])
@Index('idx_webhook_messages_status_next_attempt', ['status', 'nextAttemptAt'])
@Index('idx_webhook_messages_status_received_at', ['status', 'receivedAt'])
@Index('idx_webhook_messages_platform_received_at', ['platform', 'receivedAt'])
export class WebhookMessage {
  @PrimaryGeneratedColumn({
    type: 'integer',
    name: 'id',
    primaryKeyConstraintName: 'pk_webhook_messages',
  })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  platform: string;

  @Column({ name: 'external_id', type: 'varchar', length: 191 })
  externalId: string;

  @Column({ name: 'conversation_id', type: 'varchar', length: 191 })
  conversationId: string;

  @Column({ name: 'conversation_name', type: 'varchar', length: 255, nullable: true })
  conversationName: string | null;

  @Column({ name: 'sender_id', type: 'varchar', length: 191 })
  senderId: string;

  @Column({ name: 'sender_name', type: 'varchar', length: 255, nullable: true })
  senderName: string | null;

  @Column({ name: 'sender_phone', type: 'varchar', length: 32, nullable: true })
  senderPhone: string | null;

  @Column({ name: 'event_type', type: 'varchar', length: 32 })
  eventType: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'json', nullable: true })
  attachments: Attachment[] | null;

  @Column({ name: 'raw_payload', type: 'json', nullable: true })
  rawPayload: object | null;

  @Column({ type: 'varchar', length: 16, default: MessageStatus.Received })
  status: MessageStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;

  @Column({ name: 'duplicate_count', type: 'integer', default: 0 })
  duplicateCount: number;

  @Column({ name: 'sent_at', type: 'datetime', precision: 3 })
  sentAt: Date;

  @Column({ name: 'received_at', type: 'datetime', precision: 3 })
  receivedAt: Date;

  @Column({ name: 'processed_at', type: 'datetime', precision: 3, nullable: true })
  processedAt: Date | null;

  @Column({ name: 'processing_ms', type: 'integer', nullable: true })
  processingMs: number | null;

  @Column({ name: 'reply_to', type: 'json', nullable: true })
  replyTo: ReplyAddress | null;

  @Column({ type: 'varchar', length: 16, default: Handling.Route })
  handling: Handling;

  // When a `failed` message is due again; also when recovery may take a fresh one that nobody
  // holds (a queued job that was lost).
  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3, nullable: true })
  nextAttemptAt: Date | null;

  // The instance processing the message, until `locked_until`; see `MessageRepository.claim`.
  @Column({ name: 'locked_by', type: 'varchar', length: 64, nullable: true })
  lockedBy: string | null;

  @Column({ name: 'locked_until', type: 'datetime', precision: 3, nullable: true })
  lockedUntil: Date | null;

  // The row a first delivery becomes; the repository inserts it and tests build fixtures from it.
  static rowFor(
    message: InboundMessage,
  ): Omit<WebhookMessage, 'id' | 'processedAt' | 'processingMs' | 'lastError'> {
    return {
      platform: message.platform,
      externalId: message.externalId,
      conversationId: message.conversationId,
      conversationName: message.conversationName,
      senderId: message.sender.id,
      senderName: message.sender.name,
      senderPhone: message.sender.phone,
      eventType: message.eventType,
      text: message.text,
      attachments: message.attachments.length > 0 ? message.attachments : null,
      rawPayload: message.raw,
      status: MessageStatus.Received,
      attempts: 0,
      duplicateCount: 0,
      sentAt: message.sentAt,
      receivedAt: message.receivedAt,
      replyTo: message.replyTo,
      handling: message.handling,
      nextAttemptAt: null,
      lockedBy: null,
      lockedUntil: null,
    };
  }

  // The message as its adapter made it, for a worker that has only the row (a queued job, a
  // recovered or replayed message). Payload history is in `message_history` since ingest.
  static toInboundMessage(row: WebhookMessage): InboundMessage {
    return {
      platform: row.platform as InboundMessage['platform'],
      externalId: row.externalId,
      conversationId: row.conversationId,
      conversationName: row.conversationName,
      sender: { id: row.senderId, name: row.senderName, phone: row.senderPhone },
      eventType: row.eventType,
      text: row.text,
      attachments: row.attachments ?? [],
      history: [],
      sentAt: row.sentAt,
      receivedAt: row.receivedAt,
      raw: row.rawPayload ?? {},
      replyTo: row.replyTo,
      handling: row.handling,
    };
  }
}
