import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { loggableError } from 'src/common/logging/loggable-error';
import type { Category, PriorityLevel } from 'src/core/message-analysis';
import {
  analyzeOffline,
  type OfflineResult,
  type TriageCorrection,
} from 'src/analysis/offline-analyzer';
import { textKeyOf } from 'src/analysis/triage-corpus';
import type { TriageLabel } from 'src/analysis/triage-label.entity';
import { TriageModel } from 'src/analysis/triage-model';
import { TriageRepository } from 'src/analysis/triage.repository';

// Corrections and retrained models made on another instance arrive within this.
const REFRESH_INTERVAL_MS = 15_000;

// The offline analyzer as the gateway runs it: the current model (the shipped one, or the newest
// retrained one that passed the test split) and the operators' corrections, looked up by the
// folded text so that a correction wins at once for the same text.
@Injectable()
export class TriageClassifier implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TriageClassifier.name);
  private readonly shipped = TriageModel.shipped();
  private model = this.shipped;
  private modelRowId = 0;
  private readonly corrections = new Map<string, TriageCorrection>();
  private correctionsSeenUntil = new Date(0);
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly triage: TriageRepository) {}

  async onModuleInit(): Promise<void> {
    // The database may not be there yet, or another instance may still be creating the tables
    // (replicas started together, one running the migrations): the shipped model answers until a
    // refresh finds them.
    await this.refreshOrWarn(
      'triage corrections not loaded yet; the shipped model answers meanwhile',
    );
    this.timer = setInterval(
      () => void this.refreshOrWarn('triage corrections could not be refreshed'),
      REFRESH_INTERVAL_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) {
      clearInterval(this.timer);
    }
  }

  // Only the error's class and code are logged: a driver's message quotes the statement.
  private async refreshOrWarn(message: string): Promise<void> {
    try {
      await this.refresh();
    } catch (error) {
      this.logger.warn(loggableError(error), message);
    }
  }

  get current(): TriageModel {
    return this.model;
  }

  get shippedVersion(): string {
    return this.shipped.version;
  }

  analyze(text: string): OfflineResult {
    // No corrections yet: the text is not hashed for nothing.
    const correction =
      this.corrections.size === 0 ? null : (this.corrections.get(correctionKeyOf(text)) ?? null);
    return analyzeOffline(text, this.model, correction);
  }

  // The classifier alone, without the operators' corrections: what the model itself says.
  analyzeUncorrected(text: string): OfflineResult {
    return analyzeOffline(text, this.model, null);
  }

  remember(label: TriageLabel): void {
    this.corrections.set(label.textKey, {
      id: label.id,
      category: label.category as Category | null,
      priorityLevel: label.priorityLevel as PriorityLevel | null,
    });
  }

  use(model: TriageModel, rowId: number): void {
    this.model = model;
    this.modelRowId = Math.max(this.modelRowId, rowId);
    this.logger.log({ model: model.version }, 'triage model in use');
  }

  private async refresh(): Promise<void> {
    const since = this.correctionsSeenUntil;
    for (const label of await this.triage.findCorrectionsUpdatedSince(since)) {
      this.remember(label);
      if (label.updatedAt > this.correctionsSeenUntil) {
        this.correctionsSeenUntil = label.updatedAt;
      }
    }
    const row = await this.triage.findNewestModel(this.shipped.version, this.modelRowId);
    if (row) {
      this.use(TriageModel.fromGzip(Buffer.from(row.model, 'base64')), row.id);
    }
  }
}

// sha256 of the folded text: what `triage_labels.text_key` holds.
export function correctionKeyOf(text: string): string {
  return createHash('sha256').update(textKeyOf(text)).digest('hex');
}
