import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'triage_labels' })
@Index('uq_triage_labels_message_id', ['messageId'], { unique: true })
@Index('idx_triage_labels_text_key', ['textKey'])
@Index('idx_triage_labels_updated_at', ['updatedAt'])
export class TriageLabel {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_triage_labels' })
  id: number;

  @Column({ name: 'message_id', type: 'integer' })
  messageId: number;

  // sha256 of the text with case, accents, punctuation and digits folded away.
  @Column({ name: 'text_key', type: 'varchar', length: 64 })
  textKey: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'varchar', length: 8 })
  language: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  category: string | null;

  @Column({ name: 'priority_level', type: 'varchar', length: 16, nullable: true })
  priorityLevel: string | null;

  // What the analysis said before the operator corrected it.
  @Column({ name: 'predicted_category', type: 'varchar', length: 16, nullable: true })
  predictedCategory: string | null;

  @Column({ name: 'predicted_priority_level', type: 'varchar', length: 16, nullable: true })
  predictedPriorityLevel: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  model: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
