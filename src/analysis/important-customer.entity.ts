import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'important_customers' })
@Index('uq_important_customers_phone_number', ['phoneNumber'], { unique: true })
@Index('uq_important_customers_platform_user_id', ['platformUserId'], { unique: true })
export class ImportantCustomer {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_important_customers' })
  id: number;

  // E.164 with the leading `+`.
  @Column({ name: 'phone_number', type: 'varchar', length: 32, nullable: true })
  phoneNumber: string | null;

  @Column({ name: 'platform_user_id', type: 'varchar', length: 191, nullable: true })
  platformUserId: string | null;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ name: 'priority_boost', type: 'integer', default: 2 })
  priorityBoost: number;

  @Column({ name: 'is_active', type: 'boolean', width: 1, default: true })
  isActive: boolean;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
