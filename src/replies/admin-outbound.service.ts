import { Injectable, Logger } from '@nestjs/common';
import { AppError, AppErrorCode } from 'src/common/errors/app-error';
import { OutboundStatus } from 'src/core/outbound-status';
import { type AdminOutboundQueryDto, DEAD_LETTER_STATUSES } from 'src/replies/admin-outbound.dto';
import type {
  AdminOutboundResponse,
  AdminOutboundSummary,
  OutboundRetryResponse,
} from 'src/replies/admin-outbound.response';
import type { OutboundMessage } from 'src/replies/outbound-message.entity';
import { OutboundMessageRepository } from 'src/replies/outbound-message.repository';
import { OutboundService } from 'src/replies/outbound.service';

const DEFAULT_LIMIT = 50;

// The admins' dead letters of outbound sends: listed, and sent again through `OutboundService`.
@Injectable()
export class AdminOutboundService {
  private readonly logger = new Logger(AdminOutboundService.name);

  constructor(
    private readonly repository: OutboundMessageRepository,
    private readonly outbound: OutboundService,
  ) {}

  async list(query: AdminOutboundQueryDto): Promise<AdminOutboundResponse> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.repository.findPage(
      { statuses: query.status ?? DEAD_LETTER_STATUSES, platforms: query.platform ?? null },
      limit + 1,
      query.before_id ?? null,
    );
    const page = rows.slice(0, limit);
    return {
      outbound: page.map(summaryOf),
      next_before_id: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
    };
  }

  async retry(id: number): Promise<OutboundRetryResponse> {
    const row = await this.repository.findById(id);
    if (!row) {
      throw new AppError(AppErrorCode.NotFound, `outbound message ${id} not found`);
    }
    const refusal = retryRefusalOf(row);
    if (refusal !== null) {
      throw new AppError(AppErrorCode.Conflict, `outbound message ${id} ${refusal}`);
    }
    if (!(await this.outbound.requeue(id, row.status))) {
      throw new AppError(AppErrorCode.Conflict, `outbound message ${id} changed meanwhile`);
    }
    this.logger.log({ outboundId: id, statusBefore: row.status }, 'outbound retried');
    return { id, status: 'queued' };
  }
}

// What may be sent again: a failed send. A `needs_template` one is free text outside the
// platform's window, which the send path would only refuse again (templates never end there);
// the way on is a template through `POST /messages/proactive`.
function retryRefusalOf(row: OutboundMessage): string | null {
  switch (row.status) {
    case OutboundStatus.Failed:
      return null;
    case OutboundStatus.NeedsTemplate:
      return row.template
        ? null
        : 'needs a template: free text outside the window would be refused again; ' +
            'send a template through POST /messages/proactive';
    case OutboundStatus.Queued:
    case OutboundStatus.Sent:
    case OutboundStatus.Delivered:
    case OutboundStatus.Read:
      return `is ${row.status}: only failed sends are sent again`;
  }
}

function summaryOf(row: OutboundMessage): AdminOutboundSummary {
  return {
    id: row.id,
    platform: row.platform,
    kind: row.kind,
    status: row.status,
    message_id: row.messageId,
    conversation_id: row.conversationId,
    recipient: row.recipient,
    text: row.text,
    template: row.template,
    attempts: row.attempts,
    last_error: row.lastError,
    external_id: row.externalId,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
