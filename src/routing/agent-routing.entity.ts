import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

export enum RoutingAttemptStatus {
  Succeeded = 'succeeded',
  Failed = 'failed',
  // Not called: the agent's circuit breaker was open.
  Skipped = 'skipped',
}

@Entity({ name: 'agent_routing' })
@Index('idx_agent_routing_message_id', ['messageId'])
@Index('idx_agent_routing_created_at', ['createdAt'])
export class AgentRouting {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_agent_routing' })
  id: number;

  @Column({ name: 'message_id', type: 'integer' })
  messageId: number;

  // By name: the entity's own folder stays below the messages feature.
  @ManyToOne('WebhookMessage', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_agent_routing_message_id' })
  message?: object;

  @Column({ type: 'varchar', length: 32 })
  agent: string;

  @Column({ type: 'varchar', length: 512 })
  url: string;

  @Column({ type: 'integer' })
  attempt: number;

  @Column({ name: 'is_fallback', type: 'boolean', width: 1, default: false })
  isFallback: boolean;

  @Column({ type: 'varchar', length: 16 })
  status: RoutingAttemptStatus;

  @Column({ name: 'http_status', type: 'integer', nullable: true })
  httpStatus: number | null;

  @Column({ name: 'latency_ms', type: 'integer' })
  latencyMs: number;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error: string | null;

  @Column({ name: 'response_body', type: 'json', nullable: true })
  responseBody: unknown;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
