import { Injectable, Logger } from '@nestjs/common';
import { AppError, AppErrorCode } from 'src/common/errors/app-error';
import { openUrgentOf, summaryOf } from 'src/messages/admin-message-summary';
import type { AdminMessagesQueryDto, ReplayResponse } from 'src/messages/admin-messages.dto';
import type { AdminMessagesResponse } from 'src/messages/admin-messages.response';
import { conversationKeyOf } from 'src/core/conversation-key';
import { MessageListRepository } from 'src/messages/message-list.repository';
import { MessagePipeline } from 'src/messages/message-pipeline';
import { MessageRepository } from 'src/messages/message.repository';
import { MessageStatus } from 'src/core/message-status';
import { AgentRoutingRepository } from 'src/routing/agent-routing.repository';

const DEFAULT_LIMIT = 50;

@Injectable()
export class AdminMessagesService {
  private readonly logger = new Logger(AdminMessagesService.name);

  constructor(
    private readonly messages: MessageRepository,
    private readonly listing: MessageListRepository,
    private readonly routingAttempts: AgentRoutingRepository,
    private readonly pipeline: MessagePipeline,
  ) {}

  async list(query: AdminMessagesQueryDto): Promise<AdminMessagesResponse> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const filter = {
      statuses: query.status ?? [MessageStatus.Failed, MessageStatus.Dead],
      priorities: query.priority ?? null,
      categories: query.category ?? null,
      platforms: query.platform ?? null,
      since: query.since ? new Date(query.since) : null,
      until: query.until ? new Date(query.until) : null,
      // Blank text searches for nothing in particular.
      text: query.q?.trim() || null,
    };
    const [rows, openUrgent] = await Promise.all([
      this.listing.findPage(filter, limit + 1, query.before_id ?? null),
      this.listing.countOpenUrgent(),
    ]);
    const page = rows.slice(0, limit);
    const routing = await this.routingAttempts.summarizeForMessages(page.map((row) => row.id));
    return {
      messages: page.map((row) => summaryOf(row, routing.get(row.id))),
      next_before_id: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
      open_urgent: openUrgentOf(openUrgent),
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
