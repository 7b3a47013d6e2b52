import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// Seed 004's performance-monitoring table: one sampled value of one metric.
@Entity({ name: 'system_stats' })
@Index('idx_system_stats_metric_recorded_at', ['metricName', 'recordedAt'])
export class SystemStat {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_system_stats' })
  id: number;

  @Column({ name: 'metric_name', type: 'varchar', length: 64 })
  metricName: string;

  @Column({ name: 'metric_value', type: 'double' })
  metricValue: number;

  @Column({ type: 'json', nullable: true })
  details: Record<string, unknown> | null;

  @Column({ name: 'recorded_at', type: 'datetime', precision: 3 })
  recordedAt: Date;
}
