import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  analysisFromScorer,
  applySafetyFloor,
  applyVipBoost,
  describeScorerFailure,
  withFallbackReason,
} from 'src/analysis/analysis-merge';
import { analysedTextOf } from 'src/analysis/analysed-text';
import { BotOptimizerService } from 'src/analysis/bot-optimizer.service';
import type { MessageAnalysis } from 'src/core/message-analysis';
import { TriageClassifier } from 'src/analysis/triage-classifier.service';
import { URGENCY_SCORER, type ScorerResult, type UrgencyScorer } from 'src/analysis/urgency-scorer';
import { ScorerFailure } from 'src/core/scorer-failure';
import { VipRepository } from 'src/analysis/vip.repository';
import type { HistoryLine, InboundMessage } from 'src/core/inbound-message';
import { GatewayMetrics } from 'src/metrics/gateway-metrics';

const MODEL_HISTORY_LINES = 10;
const MODEL_HISTORY_LINE_LENGTH = 500;

// OpenAI's answer gets the safety floor under it; OpenAI problems never escape: the offline
// classifier answers instead. An operator's correction of the same text wins over both.
@Injectable()
export class AnalysisService {
  private readonly logger = new Logger(AnalysisService.name);

  constructor(
    @Inject(URGENCY_SCORER) private readonly scorer: UrgencyScorer,
    private readonly classifier: TriageClassifier,
    private readonly vipRules: VipRepository,
    private readonly optimizer: BotOptimizerService,
    @Optional() private readonly metrics?: GatewayMetrics,
  ) {}

  async analyze(message: InboundMessage): Promise<MessageAnalysis> {
    const text = analysedTextOf(message);
    const offline = this.classifier.analyze(text);
    const [scored, vipMatches] = await Promise.all([
      offline.correction
        ? Promise.resolve<ScorerResult>({ isSuccess: false, failure: ScorerFailure.Corrected })
        : this.scoreWithModel(text, message.history),
      this.vipRules.findMatches({
        phone: message.sender.phone,
        platformUserId: message.sender.id,
        names: [message.conversationName, message.sender.name],
      }),
    ]);
    const analysis = applyVipBoost(
      scored.isSuccess
        ? applySafetyFloor(analysisFromScorer(scored.output, scored.model), offline.floor)
        : withFallbackReason(offline.analysis, describeScorerFailure(scored.failure)),
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
