import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Injectable, Logger } from '@nestjs/common';
import { AppError, AppErrorCode } from 'src/common/errors/app-error';
import { workerExecArgv } from 'src/common/files/ts-node-loaders';
import { AppConfig } from 'src/config/app-config';
import { type Category, isUrgent, type PriorityLevel } from 'src/core/message-analysis';
import { TriageClassifier } from 'src/analysis/triage-classifier.service';
import { CORPUS_DIR } from 'src/analysis/triage-corpus';
import { isNotWorse, type TriageFigures } from 'src/analysis/triage-evaluation';
import { TriageModel } from 'src/analysis/triage-model';
import type { RetrainInput, RetrainOutput } from 'src/analysis/triage-retrain.worker';
import type { LabelledMessage } from 'src/analysis/triage-training';
import { TriageRepository } from 'src/analysis/triage.repository';

export type RetrainState = 'idle' | 'training' | 'accepted' | 'rejected' | 'failed';

export interface RetrainStatus {
  state: RetrainState;
  startedAt: Date | null;
  finishedAt: Date | null;
  corrections: number;
  candidateVersion: string | null;
  candidateFigures: TriageFigures | null;
  currentFigures: TriageFigures | null;
  error: string | null;
}

const IDLE: RetrainStatus = {
  state: 'idle',
  startedAt: null,
  finishedAt: null,
  corrections: 0,
  candidateVersion: null,
  candidateFigures: null,
  currentFigures: null,
  error: null,
};

// Under ts-node (tests, `npm run start:dev`) the worker is TypeScript and needs the same loaders.
const WORKER_FILE = join(__dirname, `triage-retrain.worker${extname(__filename)}`);
const WORKER_EXEC_ARGV = workerExecArgv(__filename);

// POST /admin/triage/retrain: one retraining at a time, in a worker thread; the new model is
// stored and used only when none of its figures on the test split is worse than the current one's.
@Injectable()
export class TriageRetrainingService {
  private readonly logger = new Logger(TriageRetrainingService.name);
  private last: RetrainStatus = IDLE;

  constructor(
    private readonly classifier: TriageClassifier,
    private readonly triage: TriageRepository,
    private readonly config: AppConfig,
  ) {}

  status(): RetrainStatus {
    return this.last;
  }

  async start(): Promise<RetrainStatus> {
    if (this.last.state === 'training') {
      throw new AppError(AppErrorCode.Conflict, 'a retraining is already running');
    }
    const corrections = (await this.triage.findAllCorrections()).map((label): LabelledMessage => ({
      text: label.text,
      lang: label.language,
      domain: 'operator',
      category: label.category as Category | null,
      // Only the category was corrected: the priority the analysis gave stands.
      priority_level: (label.priorityLevel ?? label.predictedPriorityLevel) as PriorityLevel,
      urgency: isUrgent((label.priorityLevel ?? label.predictedPriorityLevel) as PriorityLevel)
        ? 'urgent'
        : 'routine',
    }));
    this.last = {
      ...IDLE,
      state: 'training',
      startedAt: new Date(),
      corrections: corrections.length,
    };
    const started = this.last;
    this.run({
      corpusDir: this.config.triage.corpusDir ?? CORPUS_DIR,
      corrections,
      current: this.classifier.current.toJson(),
    })
      .then((output) => this.finish(started, output))
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'triage retraining failed');
        this.last = {
          ...started,
          state: 'failed',
          finishedAt: new Date(),
          error: error instanceof Error ? error.message : 'retraining failed',
        };
      });
    return started;
  }

  private async finish(started: RetrainStatus, output: RetrainOutput): Promise<void> {
    const isAccepted = isNotWorse(output.candidateFigures, output.currentFigures);
    if (isAccepted) {
      const candidate = TriageModel.fromJson(output.candidate);
      const row = await this.triage.saveModel({
        version: output.candidate.version,
        baseVersion: this.classifier.shippedVersion,
        model: candidate.toGzip().toString('base64'),
        figures: output.candidateFigures,
        corrections: started.corrections,
      });
      this.classifier.use(candidate, row.id);
    }
    this.last = {
      ...started,
      state: isAccepted ? 'accepted' : 'rejected',
      finishedAt: new Date(),
      candidateVersion: output.candidate.version,
      candidateFigures: output.candidateFigures,
      currentFigures: output.currentFigures,
    };
    this.logger.log(
      { model: output.candidate.version, state: this.last.state, corrections: started.corrections },
      'triage retraining finished',
    );
  }

  private run(input: RetrainInput): Promise<RetrainOutput> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(WORKER_FILE, { workerData: input, execArgv: WORKER_EXEC_ARGV });
      worker.once('message', (output: RetrainOutput) => resolve(output));
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (code !== 0) {
          reject(new Error(`retraining worker exited with code ${code}`));
        }
      });
    });
  }
}
