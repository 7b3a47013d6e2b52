import { Injectable } from '@nestjs/common';
import { BotOptimizerService } from 'src/analysis/bot-optimizer.service';
import { AppConfig } from 'src/config/app-config';
import { IngestMessageService } from 'src/messages/ingest-message.service';
import { KoreAdapter } from 'src/platforms/kore/kore.adapter';
import type { KoreWebhookEventDto } from 'src/platforms/kore/kore.dto';
import type { KoreWebhookResponse } from 'src/platforms/kore/kore.response';

// Kore.ai gives up on a synchronous webhook after 15 s; answer well before that.
const MAX_ANSWER_WAIT_MS = 12_000;
const ANSWER_SLACK_MS = 500;
const DEFAULT_LANGUAGE = 'en';

// Seed 000's flow: store and triage the event, score it with the optimizer, and answer in
// seed 000's Kore format with the agent's reply when it came in time, else the optimizer's notice.
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
    const score = this.optimizer.score(message.text);
    const shouldNotify = this.optimizer.shouldNotify(score);
    const notice = shouldNotify
      ? this.optimizer.generateMessage(
          message.sender.id,
          result.analysis?.language ?? DEFAULT_LANGUAGE,
        )
      : null;
    return this.adapter.toResponse(result, { score, shouldNotify, notice });
  }

  // Room for one analysis and one agent call; a reply that comes later (retries, the fallback
  // agent) goes out through the notify API instead.
  private answerWithinMs(): number {
    const { openai, agents } = this.config;
    const analysisMs = openai.apiKey ? openai.timeoutMs : 0;
    return Math.min(MAX_ANSWER_WAIT_MS, analysisMs + agents.timeoutMs + ANSWER_SLACK_MS);
  }
}
