import type { DeliveryDetails } from 'src/core/inbound-message';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OutboundKind, OutboundStatus } from 'src/core/outbound-status';
import type { OutboundTemplate } from 'src/core/outbound-template';

@Entity({ name: 'outbound_messages' })
@Index('idx_outbound_messages_platform_external_id', ['platform', 'externalId'])
@Index('idx_outbound_messages_status', ['status'])
@Index('idx_outbound_messages_created_at', ['createdAt'])
@Index('idx_outbound_messages_status_next_attempt', ['status', 'nextAttemptAt'])
export class OutboundMessage {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_outbound_messages' })
  id: number;

  // `null` for proactive messages.
  @Column({ name: 'message_id', type: 'integer', nullable: true })
  messageId: number | null;

  // By name: the entity's own folder stays below the messages feature.
  @ManyToOne('WebhookMessage', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_outbound_messages_message_id' })
  message?: object;

  @Column({ type: 'varchar', length: 32 })
  platform: string;

  @Column({ name: 'conversation_id', type: 'varchar', length: 191, nullable: true })
  conversationId: string | null;

  @Column({ type: 'varchar', length: 191 })
  recipient: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'varchar', length: 16 })
  status: OutboundStatus;

  // Used to match status updates.
  @Column({ name: 'external_id', type: 'varchar', length: 191, nullable: true })
  externalId: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;

  @Column({ type: 'varchar', length: 16, default: OutboundKind.Reply })
  kind: OutboundKind;

  // What the platform's client needs beyond the recipient (see `ReplyAddress.delivery`).
  @Column({ type: 'json', nullable: true })
  delivery: DeliveryDetails | null;

  @Column({ name: 'sent_at', type: 'datetime', precision: 3, nullable: true })
  sentAt: Date | null;

  // The lease (see `LeaseRepository`): held by the instance sending it; an expired lease lets
  // recovery send a `queued` row again, once its pick-up time has come.
  @Column({ name: 'locked_until', type: 'datetime', precision: 3, nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'locked_by', type: 'varchar', length: 64, nullable: true })
  lockedBy: string | null;

  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3, nullable: true })
  nextAttemptAt: Date | null;

  // A template send (WhatsApp outside its 24-hour window); `text` then holds its label.
  @Column({ type: 'json', nullable: true })
  template: OutboundTemplate | null;
}
