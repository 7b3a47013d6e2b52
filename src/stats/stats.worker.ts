import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { AnalyticsResult } from 'src/analysis/analytics-result.entity';
import type { SqliteDatabaseConfig } from 'src/config/app-config';
import { openWorkerDataSource } from 'src/database/worker-data-source';
import { WebhookMessage } from 'src/messages/webhook-message.entity';
import { OutboundMessage } from 'src/replies/outbound-message.entity';
import { AgentRouting } from 'src/routing/agent-routing.entity';
import { StatsCalculator, type StatsQuery } from 'src/stats/stats-calculator';
import { StatsRepository } from 'src/stats/stats.repository';

export interface StatsWorkerInput {
  database: SqliteDatabaseConfig;
}

export interface StatsWorkerRequest {
  id: number;
  query: StatsQuery;
}

export type StatsWorkerReply =
  { id: number; answer: unknown } | { id: number; error: { name: string; message: string } };

// Runs in a worker thread with its own connection to the SQLite file (WAL: reading never holds up
// the app's writes). better-sqlite3 answers synchronously, so on the app's thread a statistics
// query over a month of messages would hold every other request up for as long as it runs.
async function serve({ database }: StatsWorkerInput): Promise<void> {
  const dataSource = await openWorkerDataSource(database);
  const calculator = new StatsCalculator(
    new StatsRepository(
      dataSource.getRepository(WebhookMessage),
      dataSource.getRepository(AnalyticsResult),
      dataSource.getRepository(AgentRouting),
      dataSource.getRepository(OutboundMessage),
    ),
  );
  parentPort?.on('message', ({ id, query }: StatsWorkerRequest) => {
    calculator.answer(query).then(
      (answer) => parentPort?.postMessage({ id, answer } satisfies StatsWorkerReply),
      (error: unknown) =>
        parentPort?.postMessage({
          id,
          error: {
            name: error instanceof Error ? error.name : typeof error,
            message: error instanceof Error ? error.message : String(error),
          },
        } satisfies StatsWorkerReply),
    );
  });
  parentPort?.postMessage('ready');
}

void serve(workerData as StatsWorkerInput);
