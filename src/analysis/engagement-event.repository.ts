import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { EngagementEvent } from 'src/analysis/engagement-event.entity';

export interface EngagementInput {
  userId: string;
  eventType: string;
  isClicked: boolean;
  platform?: string | null;
  messageId?: number | null;
}

@Injectable()
export class EngagementEventRepository {
  constructor(
    @InjectRepository(EngagementEvent) private readonly repository: Repository<EngagementEvent>,
  ) {}

  // Seed 000's `record_engagement`.
  async record(input: EngagementInput): Promise<number> {
    const row = await this.repository.save(
      this.repository.create({
        userId: input.userId.slice(0, 191),
        eventType: input.eventType.slice(0, 64),
        isClicked: input.isClicked,
        platform: input.platform?.slice(0, 32) ?? null,
        messageId: input.messageId ?? null,
        createdAt: new Date(),
      }),
      // No transaction of its own: on SQLite it would nest inside another request's transaction.
      { transaction: false },
    );
    return row.id;
  }
}
