import { analyzeOffline } from 'src/analysis/offline-analyzer';
import { loadCorpus } from 'src/analysis/triage-corpus';
import { TriageModel } from 'src/analysis/triage-model';

export interface TriageResult {
  modelVersion: string;
  loadMs: number;
  messages: number;
  classifyMicros: { p50: number; p99: number; max: number };
}

const ROUNDS = 3;

// The offline analyzer as the gateway runs it (classifier, safety floor, negation) on every
// corpus message, ROUNDS times: the shipped model's load time and the time of one message.
export function measureTriage(): TriageResult {
  const loadStarted = process.hrtime.bigint();
  const model = TriageModel.fromFile();
  const loadMs = Number(process.hrtime.bigint() - loadStarted) / 1e6;
  const texts = [...loadCorpus('train'), ...loadCorpus('dev'), ...loadCorpus('test')].map(
    (row) => row.text,
  );
  const micros: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const text of texts) {
      const started = process.hrtime.bigint();
      // Its answer is read: the classifier runs only then.
      void analyzeOffline(text, model).analysis;
      micros.push(Number(process.hrtime.bigint() - started) / 1e3);
    }
  }
  micros.sort((a, b) => a - b);
  const at = (share: number): number =>
    Math.round(micros[Math.min(micros.length - 1, Math.floor(share * micros.length))]);
  return {
    modelVersion: model.version,
    loadMs: Math.round(loadMs),
    messages: micros.length,
    classifyMicros: { p50: at(0.5), p99: at(0.99), max: Math.round(micros[micros.length - 1]) },
  };
}
