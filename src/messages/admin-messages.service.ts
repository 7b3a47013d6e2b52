import { Injectable, Logger } from '@nestjs/common';
import { AppError, AppErrorCode } from 'src/common/errors/app-error';
import type {
  AdminMessagesQueryDto,
  AdminMessagesResponse,
  ReplayResponse,
} from 'src/messages/admin-messages.dto';
import { conversationKeyOf } from 'src/messages/conversation-key';
import { MessagePipeline } from 'src/messages/message-pipeline';
import { MessageRepository } from 'src/messages/message.repository';
import { MessageStatus } from 'src/messages/webhook-message.entity';

const DEFAULT_LIMIT = 50;

@Injectable()
export class AdminMessagesService {
  private readonly logger = new Logger(AdminMessagesService.name);

  constructor(
    private readonly messages: MessageRepository,
    private readonly pipeline: MessagePipeline,
  ) {}

  async list(query: AdminMessagesQueryDto): Promise<AdminMessagesResponse> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const statuses = query.status ?? [MessageStatus.Failed, MessageStatus.Dead];
    const rows = await this.messages.listByStatus(statuses, limit + 1, query.before_id ?? null);
    const page = rows.slice(0, limit);
    return {
      messages: page.map((row) => ({
        id: row.id,
        platform: row.platform,
        external_id: row.externalId,
        conversation_id: row.conversationId,
        status: row.status,
        attempts: row.attempts,
        last_error: row.lastError,
        next_attempt_at: row.nextAttemptAt?.toISOString() ?? null,
        received_at: row.receivedAt.toISOString(),
        processed_at: row.processedAt?.toISOString() ?? null,
      })),
      next_before_id: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
    };
  }

  async replay(id: number): Promise<ReplayResponse> {
    const row = await this.messages.findById(id);
    if (!row) {
      throw new AppError(AppErrorCode.NotFound, `message ${id} not found`);
    }
    if (!(await this.messages.resetForReplay(id))) {
      throw new AppError(
        AppErrorCode.Conflict,
        `message ${id} is ${row.status}: only failed or dead messages are replayed`,
      );
    }
    this.logger.log({ messageId: id, statusBefore: row.status }, 'message replayed');
    this.pipeline.dispatch(id, conversationKeyOf(row.platform, row.conversationId));
    return { id, status: 'queued' };
  }
}
