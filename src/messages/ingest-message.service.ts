import { Injectable, Logger } from '@nestjs/common';
import { AnalysisService } from 'src/analysis/analysis.service';
import { AnalyticsResultRepository } from 'src/analysis/analytics-result.repository';
import { BotOptimizerService } from 'src/analysis/bot-optimizer.service';
import type { MessageAnalysis } from 'src/analysis/message-analysis';
import { loggableError } from 'src/common/logging/loggable-error';
import { AppConfig } from 'src/config/app-config';
import type { InboundMessage } from 'src/messages/inbound-message';
import type { IngestResult } from 'src/messages/ingest-result';
import type { RoutingOutcome } from 'src/routing/routing-outcome';
import { MessageRepository } from 'src/messages/message.repository';
import { MessageStatus, type WebhookMessage } from 'src/messages/webhook-message.entity';
import { AgentRoutingRepository } from 'src/routing/agent-routing.repository';
import { RoutingService } from 'src/routing/routing.service';

const FINAL_STATUSES = new Set<MessageStatus>([
  MessageStatus.Done,
  MessageStatus.Failed,
  MessageStatus.Dead,
]);
const POLL_INTERVAL_MS = 50;
const MAX_OPENAI_BACKOFF_MS = 2000;
const MAX_AGENT_BACKOFF_MS = 200;
const DATABASE_SLACK_MS = 5000;

// Nothing here knows which platform the message came from.
@Injectable()
export class IngestMessageService {
  private readonly logger = new Logger(IngestMessageService.name);
  // Deliveries this instance is working on, by platform and platform id: registered before the
  // row exists, so a concurrent repeat can never mistake a fresh message for an abandoned one.
  private readonly inFlight = new Map<string, Promise<IngestResult>>();

  constructor(
    private readonly messages: MessageRepository,
    private readonly analysis: AnalysisService,
    private readonly analysisResults: AnalyticsResultRepository,
    private readonly optimizer: BotOptimizerService,
    private readonly routing: RoutingService,
    private readonly routingAttempts: AgentRoutingRepository,
    private readonly config: AppConfig,
  ) {}

  handle(messages: InboundMessage[]): Promise<IngestResult[]> {
    return Promise.all(messages.map((message) => this.ingest(message)));
  }

  ingest(message: InboundMessage): Promise<IngestResult> {
    const key = deliveryKey(message);
    // Chained synchronously: a repeat of a delivery in flight here runs after it settles and
    // then finds its row final, however many arrive in the same tick.
    const previous = this.inFlight.get(key);
    const work = (previous ? previous.then(noop, noop) : Promise.resolve()).then(() =>
      this.storeAndProcess(message),
    );
    this.inFlight.set(key, work);
    const forget = (): void => {
      if (this.inFlight.get(key) === work) {
        this.inFlight.delete(key);
      }
    };
    work.then(forget, forget);
    return work;
  }

  private async storeAndProcess(message: InboundMessage): Promise<IngestResult> {
    const stored = await this.messages.storeIfNew(message);
    if (!stored.isDuplicate) {
      return this.process(stored.id, message);
    }
    this.logger.log({ platform: message.platform, messageId: stored.id }, 'duplicate delivery');
    return { ...(await this.resultOfEarlierDelivery(stored.id, message)), isDuplicate: true };
  }

  private async process(id: number, message: InboundMessage): Promise<IngestResult> {
    let analysis: MessageAnalysis | null = null;
    let routing: RoutingOutcome | null = null;
    try {
      const history = await this.messages.findConversationHistory(message);
      const analysisStartedAt = Date.now();
      const computed = await this.analysis.analyze({ ...message, history });
      await this.analysisResults.saveForMessage(id, computed, Date.now() - analysisStartedAt);
      // Only a stored analysis is reported: a repeat rebuilds its answer from the database.
      analysis = computed;
      await this.messages.markAnalyzed(id);
      await this.optimizer.recordEngagement({
        userId: message.sender.id,
        eventType: message.eventType,
        isClicked: message.eventType === 'click',
        platform: message.platform,
        messageId: id,
      });
      routing = await this.routing.route({ messageId: id, message, analysis, history });
      const processedAt = new Date();
      const timing = {
        processedAt,
        processingMs: processedAt.getTime() - message.receivedAt.getTime(),
      };
      // No agent answered: the message stays failed so it can be retried or replayed.
      const status = routing.isSuccess ? MessageStatus.Done : MessageStatus.Failed;
      if (routing.isSuccess) {
        await this.messages.markDone(id, timing);
      } else {
        await this.messages.markFailed(
          id,
          `routing failed: no agent answered (last ${routing.agent})`,
          timing,
        );
      }
      this.logger.log(
        {
          platform: message.platform,
          messageId: id,
          urgency: analysis.urgencyScore,
          priority: analysis.priorityLevel,
          analyzer: analysis.analyzer,
          target: routing.agent,
          isRouted: routing.isSuccess,
          latencyMs: timing.processingMs,
        },
        'message processed',
      );
      return { ...this.resultOf(id, message, status, analysis, routing), processedAt };
    } catch (error) {
      // The message is stored: a failure after that is recorded on it and never becomes a 5xx,
      // which would only make the platform send the message again.
      this.logger.error(
        { platform: message.platform, messageId: id, ...loggableError(error) },
        'processing failed',
      );
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      await this.messages
        .markFailed(id, reason)
        .catch((markError: unknown) =>
          this.logger.error(
            { messageId: id, ...loggableError(markError) },
            'could not record the failure',
          ),
        );
      return this.resultOf(id, message, MessageStatus.Failed, analysis, routing);
    }
  }

  private resultOf(
    id: number,
    message: InboundMessage,
    status: MessageStatus,
    analysis: MessageAnalysis | null,
    routing: RoutingOutcome | null,
  ): IngestResult {
    return {
      databaseId: id,
      externalId: message.externalId,
      isDuplicate: false,
      status,
      analysis,
      routing,
      processedAt: null,
    };
  }

  // A repeat delivery is answered with the first delivery's result: wait for it when it is being
  // processed here or elsewhere, and take the message over when its processing was abandoned.
  // Not in flight here: another instance is processing it, or a crash abandoned it. It is taken
  // over only after its attempt count has stood still for a whole processing budget; one process
  // owns an SQLite file, so there it can only have been abandoned.
  private async resultOfEarlierDelivery(
    id: number,
    message: InboundMessage,
  ): Promise<IngestResult> {
    const budgetMs = this.config.database.kind === 'sqlite' ? 0 : this.maxProcessingMs();
    let row = await this.messages.findById(id);
    let seenAttempts = row?.attempts;
    let deadline = Date.now() + budgetMs;
    while (row && !FINAL_STATUSES.has(row.status)) {
      if (row.attempts !== seenAttempts) {
        seenAttempts = row.attempts;
        deadline = Date.now() + budgetMs;
      } else if (Date.now() >= deadline) {
        if (await this.messages.claim(id, row.attempts)) {
          this.logger.warn({ messageId: id }, 'taking over abandoned message');
          return this.process(id, message);
        }
        // Someone else took it a moment ago: wait for them.
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
      row = await this.messages.findById(id);
    }
    return this.resultFromDatabase(id, message.externalId, row);
  }

  private async resultFromDatabase(
    id: number,
    externalId: string,
    known?: WebhookMessage | null,
  ): Promise<IngestResult> {
    const row = known ?? (await this.messages.findById(id));
    const analysis: MessageAnalysis | null = await this.analysisResults.findByMessageId(id);
    const routing = analysis
      ? await this.routingAttempts.findOutcomeForMessage(id, analysis)
      : null;
    return {
      databaseId: id,
      externalId,
      isDuplicate: false,
      status: row?.status ?? MessageStatus.Failed,
      analysis,
      routing,
      processedAt: row?.processedAt ?? null,
    };
  }

  // Longest one message's processing can take: OpenAI attempts with their backoff, every agent
  // attempt with its backoff, plus slack for the database.
  private maxProcessingMs(): number {
    const { openai, agents } = this.config;
    const openAiMs = openai.apiKey
      ? openai.timeoutMs * (openai.maxRetries + 1) + MAX_OPENAI_BACKOFF_MS * openai.maxRetries
      : 0;
    const agentMs = (agents.timeoutMs + MAX_AGENT_BACKOFF_MS) * agents.maxAttempts * 2;
    return openAiMs + agentMs + DATABASE_SLACK_MS;
  }
}

function deliveryKey(message: InboundMessage): string {
  return `${message.platform}\u0000${message.externalId}`;
}

function noop(): void {}
