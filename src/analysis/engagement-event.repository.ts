import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { EngagementEvent } from 'src/analysis/engagement-event.entity';
import { writeBatcher } from 'src/database/batcher';
import { RowStatements } from 'src/database/row-statements';

export interface EngagementInput {
  userId: string;
  eventType: string;
  isClicked: boolean;
  platform?: string | null;
  messageId?: number | null;
}

@Injectable()
export class EngagementEventRepository {
  private readonly rows: RowStatements<EngagementEvent>;
  private readonly appends = writeBatcher((rows: Partial<EngagementEvent>[]) =>
    this.rows.insertAll(rows),
  );

  constructor(
    @InjectRepository(EngagementEvent) private readonly repository: Repository<EngagementEvent>,
  ) {
    this.rows = new RowStatements(repository.manager, EngagementEvent, [
      'userId',
      'eventType',
      'isClicked',
      'platform',
      'messageId',
      'createdAt',
    ]);
  }

  /** As `record`, without waiting for the new id: concurrent events share one statement. */
  append(input: EngagementInput): Promise<void> {
    return this.appends.submit(toRow(input));
  }

  // Seed 000's `record_engagement`.
  async record(input: EngagementInput): Promise<number> {
    const row = await this.repository.save(
      this.repository.create(toRow(input)),
      // No transaction of its own: on SQLite it would nest inside another request's transaction.
      { transaction: false },
    );
    return row.id;
  }
}

function toRow(input: EngagementInput): Partial<EngagementEvent> {
  return {
    userId: input.userId.slice(0, 191),
    eventType: input.eventType.slice(0, 64),
    isClicked: input.isClicked,
    platform: input.platform?.slice(0, 32) ?? null,
    messageId: input.messageId ?? null,
    createdAt: new Date(),
  };
}
