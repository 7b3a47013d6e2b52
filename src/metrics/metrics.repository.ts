import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface StatusCountRow {
  status: string;
  count: number;
}

type RawRow = Record<string, unknown>;

// All rows, not a window: a scrape reports how many messages stand in each state right now.
// Both GROUP BYs are served by the status indexes. The entities are named, not imported (as
// relations to `WebhookMessage` are): metrics sits below the features that report to it.
@Injectable()
export class MetricsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  countMessagesByStatus(): Promise<StatusCountRow[]> {
    return this.countByStatus('WebhookMessage');
  }

  countOutboundByStatus(): Promise<StatusCountRow[]> {
    return this.countByStatus('OutboundMessage');
  }

  private async countByStatus(entity: string): Promise<StatusCountRow[]> {
    const rows = await this.dataSource
      .getRepository(entity)
      .createQueryBuilder('row')
      .select('row.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .groupBy('row.status')
      .getRawMany<RawRow>();
    return rows.map(toStatusCount);
  }
}

// mysql2 returns COUNT as a string.
function toStatusCount(row: RawRow): StatusCountRow {
  return { status: String(row.status), count: Number(row.count) };
}
