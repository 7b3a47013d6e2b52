import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThan, MoreThanOrEqual, Repository } from 'typeorm';
import { TriageLabel } from 'src/analysis/triage-label.entity';
import { TriageModelRow } from 'src/analysis/triage-model.entity';

export interface NewTriageLabel {
  messageId: number;
  textKey: string;
  text: string;
  language: string;
  category: string | null;
  priorityLevel: string | null;
  predictedCategory: string | null;
  predictedPriorityLevel: string | null;
  model: string | null;
}

export type NewTriageModel = Omit<TriageModelRow, 'id' | 'createdAt'>;

// Operators' corrections and the models retrained with them.
@Injectable()
export class TriageRepository {
  constructor(
    @InjectRepository(TriageLabel) private readonly labels: Repository<TriageLabel>,
    @InjectRepository(TriageModelRow) private readonly models: Repository<TriageModelRow>,
  ) {}

  // One correction per message: a second one replaces the first, keeping what the analysis had
  // said before anyone corrected it.
  async saveCorrection(input: NewTriageLabel): Promise<TriageLabel> {
    const now = new Date();
    const existing = await this.labels.findOneBy({ messageId: input.messageId });
    if (existing) {
      await this.labels.update(existing.id, {
        category: input.category,
        priorityLevel: input.priorityLevel,
        updatedAt: now,
      });
      return {
        ...existing,
        category: input.category,
        priorityLevel: input.priorityLevel,
        updatedAt: now,
      };
    }
    return this.labels.save(this.labels.create({ ...input, createdAt: now, updatedAt: now }));
  }

  // Newest first, `beforeId` pages.
  listCorrections(limit: number, beforeId: number | null): Promise<TriageLabel[]> {
    return this.labels.find({
      where: beforeId === null ? {} : { id: LessThan(beforeId) },
      order: { id: 'DESC' },
      take: limit,
    });
  }

  findAllCorrections(): Promise<TriageLabel[]> {
    return this.labels.find({ order: { id: 'ASC' } });
  }

  countCorrections(): Promise<number> {
    return this.labels.count();
  }

  findCorrectionsUpdatedSince(since: Date): Promise<TriageLabel[]> {
    return this.labels.find({ where: { updatedAt: MoreThanOrEqual(since) }, order: { id: 'ASC' } });
  }

  async saveModel(input: NewTriageModel): Promise<TriageModelRow> {
    return this.models.save(this.models.create({ ...input, createdAt: new Date() }));
  }

  // The newest retrained model of this shipped model, when newer than `afterId`.
  findNewestModel(baseVersion: string, afterId: number): Promise<TriageModelRow | null> {
    return this.models.findOne({
      where: { baseVersion, id: MoreThan(afterId) },
      order: { id: 'DESC' },
    });
  }
}
