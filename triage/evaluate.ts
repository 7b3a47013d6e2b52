// npm run triage:eval [-- --split test|dev|train] — the shipped model with its safety floor, as the
// gateway runs it offline, on a split of the corpus: urgent recall, urgency and category agreement
// per language and per domain, and the category confusion matrix. The default is the test split.
import { analyzeOffline } from 'src/analysis/offline-analyzer';
import { loadCorpus, type CorpusSplit } from 'src/analysis/triage-corpus';
import { evaluateTriage, formatTriageEvaluation } from 'src/analysis/triage-evaluation';
import { TriageModel } from 'src/analysis/triage-model';

function splitArgument(): CorpusSplit {
  const at = process.argv.indexOf('--split');
  const split = at >= 0 ? process.argv[at + 1] : 'test';
  if (split !== 'test' && split !== 'dev' && split !== 'train') {
    throw new Error(`--split must be test, dev or train, not ${split}`);
  }
  return split;
}

const split = splitArgument();
const model = TriageModel.fromFile();
const rows = loadCorpus(split);
const evaluation = evaluateTriage(rows, (text) => analyzeOffline(text, model).analysis);
process.stdout.write(`model ${model.version}, ${split} split, ${rows.length} messages\n\n`);
process.stdout.write(`${formatTriageEvaluation(evaluation)}\n`);
