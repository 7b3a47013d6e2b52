import { Injectable, Logger } from '@nestjs/common';
import { BotOptimizerService } from 'src/analysis/bot-optimizer.service';
import { loggableError } from 'src/common/logging/loggable-error';
import { AppConfig } from 'src/config/app-config';
import { isNoticeDue } from 'src/core/escalation-policy';
import type { InboundMessage } from 'src/core/inbound-message';
import { IngestMessageService } from 'src/messages/ingest-message.service';
import type { IngestResult } from 'src/messages/ingest-result';
import { KindlyAdapter } from 'src/platforms/kindly/kindly.adapter';
import { KindlyClient } from 'src/platforms/kindly/kindly.client';
import type { KindlyWebhookDto } from 'src/platforms/kindly/kindly.dto';
import type { KindlyWebhookResponse } from 'src/platforms/kindly/kindly.response';
import { OutboundService } from 'src/replies/outbound.service';

// One dialogue webhook: history from the chat's transcript, then store, triage and route within
// Kindly's answer window, then the answer.
@Injectable()
export class KindlyWebhookService {
  private readonly logger = new Logger(KindlyWebhookService.name);

  constructor(
    private readonly adapter: KindlyAdapter,
    private readonly client: KindlyClient,
    private readonly ingest: IngestMessageService,
    private readonly optimizer: BotOptimizerService,
    private readonly outbound: OutboundService,
    private readonly config: AppConfig,
  ) {}

  async receive(payload: KindlyWebhookDto, requestId?: string): Promise<KindlyWebhookResponse> {
    const [received] = this.adapter.toMessages(payload, new Date());
    const message = await this.withHistory(received, this.adapter.transcriptUrlOf(payload));
    const result = await this.ingest.ingest(message, {
      answerWithinMs: this.config.kindly.answerTimeoutMs,
      isReplyInAnswer: true,
      requestId,
    });
    const reply = result.reply ?? this.triageNotice(message, result, payload);
    if (reply !== null && result.reply === null && !result.isDuplicate) {
      await this.recordTriageNotice(result, message, reply);
    }
    return this.adapter.toResponse(result, reply);
  }

  private async withHistory(message: InboundMessage, url: string | null): Promise<InboundMessage> {
    if (url === null) {
      return message;
    }
    const body = await this.client.fetchTranscript(url);
    if (body === null) {
      return message;
    }
    const transcript = this.adapter.toTranscript(body, message);
    if (transcript === null) {
      this.logger.warn(
        { platform: message.platform, conversationId: message.conversationId },
        'transcript answer is not a transcript of this chat: ignored',
      );
      return message;
    }
    return this.adapter.withTranscript(message, transcript);
  }

  // No agent reply for an urgent message: the user is at least told that someone will look at
  // it. Built from the stored analysis, so a repeat delivery gets the same text.
  private triageNotice(
    message: InboundMessage,
    result: IngestResult,
    payload: KindlyWebhookDto,
  ): string | null {
    const { analysis } = result;
    if (analysis === null || !isNoticeDue(message.handling, result)) {
      return null;
    }
    const language =
      analysis.language !== 'und' ? analysis.language : (payload.exchange?.language_code ?? 'en');
    return this.optimizer.generateMessage(null, language);
  }

  // Kept with the message's outbound replies, so admins and /stats see what the user was told.
  private async recordTriageNotice(
    result: IngestResult,
    message: InboundMessage,
    text: string,
  ): Promise<void> {
    try {
      await this.outbound.recordAnsweredReply({
        messageId: result.databaseId,
        platform: message.platform,
        conversationId: message.conversationId,
        recipient: message.sender.id,
        text,
      });
    } catch (error) {
      // The message is stored and the notice still goes out in the answer.
      this.logger.error(
        { messageId: result.databaseId, ...loggableError(error) },
        'could not record the triage notice',
      );
    }
  }
}
