import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'engagement_events' })
@Index('idx_engagement_events_user_id_created_at', ['userId', 'createdAt'])
export class EngagementEvent {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_engagement_events' })
  id: number;

  @Column({ name: 'user_id', type: 'varchar', length: 191 })
  userId: string;

  @Column({ name: 'event_type', type: 'varchar', length: 64 })
  eventType: string;

  @Column({ name: 'is_clicked', type: 'boolean', width: 1 })
  isClicked: boolean;

  @Column({ type: 'varchar', length: 32, nullable: true })
  platform: string | null;

  @Column({ name: 'message_id', type: 'integer', nullable: true })
  messageId: number | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
