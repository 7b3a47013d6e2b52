import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'critical_groups' })
@Index('uq_critical_groups_name', ['name'], { unique: true })
export class CriticalGroup {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_critical_groups' })
  id: number;

  @Column({ type: 'varchar', length: 191 })
  name: string;

  @Column({ name: 'priority_boost', type: 'integer', default: 2 })
  priorityBoost: number;

  @Column({ name: 'is_active', type: 'boolean', width: 1, default: true })
  isActive: boolean;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
