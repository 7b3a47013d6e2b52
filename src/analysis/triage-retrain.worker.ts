import { parentPort, workerData } from 'node:worker_threads';
import { analyzeOffline } from 'src/analysis/offline-analyzer';
import { loadCorpus } from 'src/analysis/triage-corpus';
import { evaluateTriage, type TriageFigures } from 'src/analysis/triage-evaluation';
import { TriageModel, type TriageModelFile } from 'src/analysis/triage-model';
import {
  trainingOptionsOf,
  trainTriageModel,
  type LabelledMessage,
} from 'src/analysis/triage-training';

export interface RetrainInput {
  corpusDir: string;
  corrections: LabelledMessage[];
  current: TriageModelFile;
}

export interface RetrainOutput {
  candidate: TriageModelFile;
  candidateFigures: TriageFigures;
  currentFigures: TriageFigures;
}

// Runs in a worker thread (training takes seconds of CPU): the shipped corpus plus the
// operators' corrections, with the settings the current model was trained with, and both models'
// figures on the test split.
function retrain({ corpusDir, corrections, current }: RetrainInput): RetrainOutput {
  const currentModel = TriageModel.fromJson(current);
  const corpus = [...loadCorpus('train', corpusDir), ...loadCorpus('dev', corpusDir)];
  const candidate = trainTriageModel(corpus, corrections, trainingOptionsOf(current));
  const test = loadCorpus('test', corpusDir);
  const figuresOf = (model: TriageModel): TriageFigures =>
    evaluateTriage(test, (text) => analyzeOffline(text, model).analysis).overall;
  return {
    candidate: candidate.toJson(),
    candidateFigures: figuresOf(candidate),
    currentFigures: figuresOf(currentModel),
  };
}

parentPort?.postMessage(retrain(workerData as RetrainInput));
