import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { WebhookMessage } from 'src/messages/webhook-message.entity';
import { OutboundMessage } from 'src/replies/outbound-message.entity';

export interface StatusCountRow {
  status: string;
  count: number;
}

type RawRow = Record<string, unknown>;

// All rows, not a window: a scrape reports how many messages stand in each state right now.
// Both GROUP BYs are served by the status indexes.
@Injectable()
export class MetricsRepository {
  constructor(
    @InjectRepository(WebhookMessage) private readonly messages: Repository<WebhookMessage>,
    @InjectRepository(OutboundMessage) private readonly outbound: Repository<OutboundMessage>,
  ) {}

  async countMessagesByStatus(): Promise<StatusCountRow[]> {
    const rows = await this.messages
      .createQueryBuilder('m')
      .select('m.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .groupBy('m.status')
      .getRawMany<RawRow>();
    return rows.map(toStatusCount);
  }

  async countOutboundByStatus(): Promise<StatusCountRow[]> {
    const rows = await this.outbound
      .createQueryBuilder('o')
      .select('o.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .groupBy('o.status')
      .getRawMany<RawRow>();
    return rows.map(toStatusCount);
  }
}

// mysql2 returns COUNT as a string.
function toStatusCount(row: RawRow): StatusCountRow {
  return { status: String(row.status), count: Number(row.count) };
}
