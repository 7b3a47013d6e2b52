import { Injectable } from '@nestjs/common';
import { BotOptimizerService } from 'src/analysis/bot-optimizer.service';
import { AppConfig } from 'src/config/app-config';
import { isNoticeDue } from 'src/core/escalation-policy';
import { IngestMessageService } from 'src/messages/ingest-message.service';
import type { IngestResult } from 'src/messages/ingest-result';
import { KoreAdapter } from 'src/platforms/kore/kore.adapter';
import type { KoreWebhookEventDto } from 'src/platforms/kore/kore.dto';
import type { KoreWebhookResponse } from 'src/platforms/kore/kore.response';
import type { InboundMessage } from 'src/core/inbound-message';

// Kore.ai gives up on a synchronous webhook after 15 s; answer well before that.
const MAX_ANSWER_WAIT_MS = 12_000;
const ANSWER_SLACK_MS = 500;

// Seed 000's flow: store and triage the event, and answer in seed 000's Kore format with the
// agent's reply when it came in time, else the optimizer's notice when the escalation policy
// says so (on the stored analysis: VIP rules and OpenAI count), else an acknowledgement.
@Injectable()
export class KoreWebhookService {
  constructor(
    private readonly adapter: KoreAdapter,
    private readonly ingest: IngestMessageService,
    private readonly optimizer: BotOptimizerService,
    private readonly config: AppConfig,
  ) {}

  async answer(payload: KoreWebhookEventDto, requestId?: string): Promise<KoreWebhookResponse> {
    const [message] = this.adapter.toMessages(payload, new Date());
    const result = await this.ingest.ingest(message, {
      answerWithinMs: this.answerWithinMs(),
      isReplyInAnswer: true,
      requestId,
    });
    return this.adapter.toResponse(result, this.noticeFor(message, result));
  }

  private noticeFor(message: InboundMessage, result: IngestResult): string | null {
    const { analysis } = result;
    return analysis && isNoticeDue(message.handling, result)
      ? this.optimizer.generateMessage(message.sender.id, analysis.language)
      : null;
  }

  // Room for one analysis and one agent call; a reply that comes later (retries, the fallback
  // agent) goes out through the notify API instead.
  private answerWithinMs(): number {
    const { openai, agents } = this.config;
    const analysisMs = openai.apiKey ? openai.timeoutMs : 0;
    return Math.min(MAX_ANSWER_WAIT_MS, analysisMs + agents.timeoutMs + ANSWER_SLACK_MS);
  }
}
