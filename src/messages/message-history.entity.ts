import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { WebhookMessage } from 'src/messages/webhook-message.entity';

@Entity({ name: 'message_history' })
@Index('uq_message_history_conversation_line', ['platform', 'conversationId', 'lineHash'], {
  unique: true,
})
@Index('idx_message_history_conversation_sent_at', ['platform', 'conversationId', 'sentAt'])
export class MessageHistory {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_message_history' })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  platform: string;

  @Column({ name: 'conversation_id', type: 'varchar', length: 191 })
  conversationId: string;

  @Column({ name: 'message_id', type: 'integer', nullable: true })
  messageId: number | null;

  @ManyToOne(() => WebhookMessage, { onDelete: 'SET NULL', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_message_history_message_id' })
  message?: WebhookMessage;

  @Column({ type: 'varchar', length: 255 })
  sender: string;

  @Column({ type: 'text' })
  content: string;

  @Column({ name: 'content_type', type: 'varchar', length: 32 })
  contentType: string;

  @Column({ name: 'sent_at', type: 'datetime', precision: 3, nullable: true })
  sentAt: Date | null;

  // The same line delivered twice is stored once.
  @Column({ name: 'line_hash', type: 'varchar', length: 64 })
  lineHash: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
