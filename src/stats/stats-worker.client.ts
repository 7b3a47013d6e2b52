import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { workerExecArgv } from 'src/common/files/ts-node-loaders';
import { AppConfig } from 'src/config/app-config';
import type { StatsAnswer, StatsQuery } from 'src/stats/stats-calculator';
import type {
  StatsWorkerInput,
  StatsWorkerReply,
  StatsWorkerRequest,
} from 'src/stats/stats.worker';

// Under ts-node (tests, `npm run start:dev`) the worker is TypeScript and needs the same loaders.
const WORKER_FILE = join(__dirname, `stats.worker${extname(__filename)}`);
const WORKER_EXEC_ARGV = workerExecArgv(__filename);

export class StatsWorkerError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = `StatsWorker${name}`;
  }
}

interface Pending {
  resolve: (answer: StatsAnswer) => void;
  reject: (error: Error) => void;
}

/**
 * The one class that talks to the statistics worker thread (SQLite): started on the first
 * question and kept; if it dies, the questions it had fail and the next one starts a new one.
 */
@Injectable()
export class StatsWorkerClient implements OnApplicationShutdown {
  private readonly logger = new Logger(StatsWorkerClient.name);
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly config: AppConfig) {}

  async answer(query: StatsQuery): Promise<StatsAnswer> {
    const worker = this.start();
    await this.ready;
    const id = this.nextId++;
    return new Promise<StatsAnswer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, query } satisfies StatsWorkerRequest);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) {
      return this.worker;
    }
    const { database } = this.config;
    if (database.kind !== 'sqlite') {
      throw new Error('the statistics worker reads the SQLite database only');
    }
    const worker = new Worker(WORKER_FILE, {
      workerData: { database } satisfies StatsWorkerInput,
      execArgv: WORKER_EXEC_ARGV,
    });
    // It holds no work of its own: it must not keep the process alive on its way out.
    worker.unref();
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    worker.on('message', (reply: StatsWorkerReply | 'ready') => this.settle(reply));
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) =>
      this.fail(worker, new StatsWorkerError('Exit', `statistics worker exited with ${code}`)),
    );
    return worker;
  }

  private settle(reply: StatsWorkerReply | 'ready'): void {
    if (reply === 'ready') {
      return;
    }
    const pending = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if ('error' in reply) {
      pending?.reject(new StatsWorkerError(reply.error.name, reply.error.message));
    } else {
      pending?.resolve(reply.answer as StatsAnswer);
    }
  }

  private fail(worker: Worker, error: Error): void {
    if (this.worker !== worker) {
      return;
    }
    this.worker = null;
    this.logger.error({ errorName: error.name }, 'statistics worker stopped');
    for (const pending of this.pending.values()) {
      pending.reject(error);
    }
    this.pending.clear();
  }
}
