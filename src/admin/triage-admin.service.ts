import { Injectable, Logger } from '@nestjs/common';
import { analysedTextOf } from 'src/analysis/analysed-text';
import { AnalyticsResultRepository } from 'src/analysis/analytics-result.repository';
import { Category, isUrgent, PriorityLevel } from 'src/core/message-analysis';
import { correctionKeyOf, TriageClassifier } from 'src/analysis/triage-classifier.service';
import type { TriageFigures } from 'src/analysis/triage-evaluation';
import type { TriageLabel } from 'src/analysis/triage-label.entity';
import {
  TriageRetrainingService,
  type RetrainStatus,
} from 'src/analysis/triage-retraining.service';
import { TriageRepository } from 'src/analysis/triage.repository';
import { responseTimeFor, scoreWithin } from 'src/analysis/urgency-derivation';
import type {
  AgreementResponse,
  RetrainStatusResponse,
  TriageCorrectionDto,
  TriageEvaluationResponse,
  TriageFiguresResponse,
  TriageLabelResponse,
  TriageLabelsQueryDto,
  TriageLabelsResponse,
} from 'src/admin/triage.dto';
import { AppError, AppErrorCode } from 'src/common/errors/app-error';
import { MessageRepository } from 'src/messages/message.repository';

const DEFAULT_LIMIT = 50;

@Injectable()
export class TriageAdminService {
  private readonly logger = new Logger(TriageAdminService.name);

  constructor(
    private readonly messages: MessageRepository,
    private readonly analyses: AnalyticsResultRepository,
    private readonly triage: TriageRepository,
    private readonly classifier: TriageClassifier,
    private readonly retraining: TriageRetrainingService,
  ) {}

  async correct(messageId: number, body: TriageCorrectionDto): Promise<TriageLabelResponse> {
    const message = await this.messages.findById(messageId);
    if (!message) {
      throw new AppError(AppErrorCode.NotFound, `message ${messageId} not found`);
    }
    const text = analysedTextOf({ text: message.text, attachments: message.attachments ?? [] });
    const analysis = await this.analyses.findByMessageId(messageId);
    const label = await this.triage.saveCorrection({
      messageId,
      textKey: correctionKeyOf(text),
      text,
      language: analysis?.language ?? this.classifier.analyze(text).analysis.language,
      category: body.category ?? null,
      priorityLevel: body.priority_level ?? null,
      predictedCategory: analysis?.category ?? null,
      predictedPriorityLevel: analysis?.priorityLevel ?? null,
      model: analysis?.model ?? null,
    });
    this.classifier.remember(label);
    if (analysis) {
      const priorityLevel = body.priority_level ?? analysis.priorityLevel;
      await this.analyses.applyCorrection(messageId, {
        category: body.category ?? analysis.category,
        priorityLevel,
        urgencyScore: scoreWithin(priorityLevel, analysis.urgencyScore),
        recommendedResponseTime: responseTimeFor(priorityLevel),
        reasoning: `operator correction #${label.id}; ${analysis.reasoning}`,
      });
    }
    this.logger.log(
      { messageId, labelId: label.id, category: label.category, priority: label.priorityLevel },
      'triage corrected',
    );
    return labelResponse(label);
  }

  async listLabels(query: TriageLabelsQueryDto): Promise<TriageLabelsResponse> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.triage.listCorrections(limit + 1, query.before_id ?? null);
    const page = rows.slice(0, limit);
    return {
      labels: page.map(labelResponse),
      next_before_id: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
    };
  }

  async retrain(): Promise<RetrainStatusResponse> {
    return statusResponse(await this.retraining.start());
  }

  retrainStatus(): RetrainStatusResponse {
    return statusResponse(this.retraining.status());
  }

  // How often the current model, left to itself, says what the operators said.
  async evaluate(): Promise<TriageEvaluationResponse> {
    const labels = await this.triage.findAllCorrections();
    const category = emptyAgreement();
    const byCategory: Record<string, AgreementResponse> = Object.fromEntries(
      Object.values(Category).map((name) => [name, emptyAgreement()]),
    );
    const urgency = emptyAgreement();
    for (const label of labels) {
      const predicted = this.classifier.analyzeUncorrected(label.text).analysis;
      if (label.category) {
        const isAgreed = (predicted.category as string) === label.category;
        count(category, isAgreed);
        count((byCategory[label.category] ??= emptyAgreement()), isAgreed);
      }
      if (label.priorityLevel) {
        count(
          urgency,
          isUrgent(predicted.priorityLevel) === isUrgent(label.priorityLevel as PriorityLevel),
        );
      }
    }
    return {
      model_version: this.classifier.current.version,
      shipped_version: this.classifier.shippedVersion,
      corrections: labels.length,
      category: withShare(category),
      by_category: Object.fromEntries(
        Object.entries(byCategory).map(([name, agreement]) => [name, withShare(agreement)]),
      ),
      urgency: withShare(urgency),
      retraining: statusResponse(this.retraining.status()),
    };
  }
}

function emptyAgreement(): AgreementResponse {
  return { corrections: 0, agreed: 0, agreement: null };
}

function count(agreement: AgreementResponse, isAgreed: boolean): void {
  agreement.corrections += 1;
  agreement.agreed += isAgreed ? 1 : 0;
}

function withShare(agreement: AgreementResponse): AgreementResponse {
  return {
    ...agreement,
    agreement: agreement.corrections > 0 ? agreement.agreed / agreement.corrections : null,
  };
}

function labelResponse(label: TriageLabel): TriageLabelResponse {
  return {
    id: label.id,
    message_id: label.messageId,
    text: label.text,
    language: label.language,
    category: label.category as Category | null,
    priority_level: label.priorityLevel as PriorityLevel | null,
    predicted_category: label.predictedCategory as Category | null,
    predicted_priority_level: label.predictedPriorityLevel as PriorityLevel | null,
    model: label.model,
    created_at: label.createdAt.toISOString(),
    updated_at: label.updatedAt.toISOString(),
  };
}

function figuresResponse(figures: TriageFigures | null): TriageFiguresResponse | null {
  return figures
    ? {
        messages: figures.messages,
        urgent: figures.urgent,
        urgent_recall: figures.urgentRecall,
        urgency_agreement: figures.urgencyAgreement,
        scored: figures.scored,
        category_agreement: figures.categoryAgreement,
      }
    : null;
}

function statusResponse(status: RetrainStatus): RetrainStatusResponse {
  return {
    state: status.state,
    started_at: status.startedAt?.toISOString() ?? null,
    finished_at: status.finishedAt?.toISOString() ?? null,
    corrections: status.corrections,
    candidate_version: status.candidateVersion,
    candidate_figures: figuresResponse(status.candidateFigures),
    current_figures: figuresResponse(status.currentFigures),
    error: status.error,
  };
}
