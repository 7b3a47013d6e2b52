import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  analysisFromScorer,
  applyHeuristicFloor,
  applyVipBoost,
  describeScorerFailure,
  withFallbackReason,
} from 'src/analysis/analysis-merge';
import { BotOptimizerService } from 'src/analysis/bot-optimizer.service';
import { analyzeHeuristically } from 'src/analysis/heuristic-analyzer';
import type { MessageAnalysis } from 'src/analysis/message-analysis';
import {
  ScorerFailure,
  URGENCY_SCORER,
  type ScorerResult,
  type UrgencyScorer,
} from 'src/analysis/urgency-scorer';
import { VipRepository } from 'src/analysis/vip.repository';
import type { HistoryLine, InboundMessage } from 'src/messages/inbound-message';
import { GatewayMetrics } from 'src/metrics/gateway-metrics';

const MODEL_HISTORY_LINES = 10;
const MODEL_HISTORY_LINE_LENGTH = 500;

// The model's answer gets the heuristic as a floor for critical wording. OpenAI problems never
// escape: the heuristic answers instead.
@Injectable()
export class AnalysisService {
  private readonly logger = new Logger(AnalysisService.name);

  constructor(
    @Inject(URGENCY_SCORER) private readonly scorer: UrgencyScorer,
    private readonly vipRules: VipRepository,
    private readonly optimizer: BotOptimizerService,
    @Optional() private readonly metrics?: GatewayMetrics,
  ) {}

  async analyze(message: InboundMessage): Promise<MessageAnalysis> {
    const text = textOf(message);
    const heuristic = analyzeHeuristically({
      text,
      history: message.history.map((line) => line.content),
    });
    const [scored, vipMatches] = await Promise.all([
      this.scoreWithModel(text, message.history),
      this.vipRules.findMatches({
        phone: message.sender.phone,
        platformUserId: message.sender.id,
        names: [message.conversationName, message.sender.name],
      }),
    ]);
    const analysis = applyVipBoost(
      scored.isSuccess
        ? applyHeuristicFloor(analysisFromScorer(scored.output, scored.model), heuristic)
        : withFallbackReason(heuristic.analysis, describeScorerFailure(scored.failure)),
      vipMatches,
    );
    this.metrics?.analysisRecorded(analysis.analyzer);
    this.logger.debug(
      `analysed: analyzer=${analysis.analyzer} urgency=${analysis.urgencyScore} ` +
        `category=${analysis.category} vipBoost=${analysis.vipBoost}`,
    );
    return { ...analysis, shouldNotify: this.optimizer.shouldNotify(analysis.urgencyScore) };
  }

  private async scoreWithModel(
    text: string,
    history: readonly HistoryLine[],
  ): Promise<ScorerResult> {
    if (!this.scorer.isEnabled) {
      return { isSuccess: false, failure: ScorerFailure.Disabled };
    }
    if (text.trim().length === 0) {
      return { isSuccess: false, failure: ScorerFailure.EmptyInput };
    }
    try {
      return await this.scorer.score({
        message: text,
        history: history
          .slice(-MODEL_HISTORY_LINES)
          .map((line) => `${line.sender}: ${line.content}`.slice(0, MODEL_HISTORY_LINE_LENGTH)),
      });
    } catch (error) {
      // The scorer reports failures in its result; this only guards against a broken one.
      this.logger.warn(`urgency scorer threw: ${error instanceof Error ? error.name : 'unknown'}`);
      return { isSuccess: false, failure: ScorerFailure.Unknown };
    }
  }
}

// Captions count: a photo of a broken fork may carry the only words.
function textOf(message: InboundMessage): string {
  const captions = message.attachments
    .map((attachment) => attachment.caption?.trim() ?? '')
    .filter((caption) => caption.length > 0);
  return [message.text, ...captions].filter((part) => part.trim().length > 0).join('\n');
}
