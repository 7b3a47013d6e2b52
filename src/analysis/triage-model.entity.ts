import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { TriageFigures } from 'src/analysis/triage-evaluation';

@Entity({ name: 'triage_models' })
@Index('idx_triage_models_base_version', ['baseVersion'])
export class TriageModelRow {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_triage_models' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  version: string;

  // The shipped model it was retrained from: a newer release's model replaces it.
  @Column({ name: 'base_version', type: 'varchar', length: 64 })
  baseVersion: string;

  // The model file: gzipped JSON (TriageModelFile) in base64.
  @Column({ type: 'json' })
  model: string;

  // Its figures on the test split when it was accepted.
  @Column({ type: 'json' })
  figures: TriageFigures;

  @Column({ type: 'integer' })
  corrections: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
