import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'analytics_results' })
@Index('uq_analytics_results_message_id', ['messageId'], { unique: true })
@Index('idx_analytics_results_created_at', ['createdAt'])
@Index('idx_analytics_results_priority_level', ['priorityLevel', 'messageId'])
@Index('idx_analytics_results_category', ['category', 'messageId'])
export class AnalyticsResult {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_analytics_results' })
  id: number;

  @Column({ name: 'message_id', type: 'integer' })
  messageId: number;

  // By name: the entity's own folder stays below the messages feature.
  @ManyToOne('WebhookMessage', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_analytics_results_message_id' })
  message?: object;

  @Column({ name: 'urgency_score', type: 'integer' })
  urgencyScore: number;

  @Column({ type: 'varchar', length: 16 })
  category: string;

  @Column({ type: 'varchar', length: 16 })
  sentiment: string;

  @Column({ type: 'json' })
  keywords: string[];

  @Column({ name: 'priority_level', type: 'varchar', length: 16 })
  priorityLevel: string;

  @Column({ name: 'action_required', type: 'boolean', width: 1 })
  isActionRequired: boolean;

  @Column({ name: 'recommended_response_time', type: 'varchar', length: 16 })
  recommendedResponseTime: string;

  @Column({ type: 'varchar', length: 8 })
  language: string;

  @Column({ type: 'varchar', length: 16 })
  analyzer: string;

  @Column({ type: 'varchar', length: 1000 })
  reasoning: string;

  @Column({ name: 'should_notify', type: 'boolean', width: 1 })
  shouldNotify: boolean;

  @Column({ name: 'vip_boost', type: 'integer', default: 0 })
  vipBoost: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  model: string | null;

  @Column({ name: 'latency_ms', type: 'integer' })
  latencyMs: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
