import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TS_NODE_LOADERS } from 'src/common/files/ts-node-loaders';
import { waitFor } from 'test/setup/wait-for';

const ROOT = join(__dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class GatewayProcess {
  stdout = '';
  stderr = '';
  private readonly exited: Promise<ProcessExit>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  static start(env: Record<string, string>): GatewayProcess {
    const child = spawn(process.execPath, [...TS_NODE_LOADERS, 'src/main.ts'], {
      cwd: ROOT,
      // Only what the test sets, plus PATH: the developer's own variables must not leak in.
      env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new GatewayProcess(child);
  }

  // Generous: a gateway compiles its TypeScript at start, which takes long on a loaded machine.
  async waitUntilReady(url: string, timeoutMs = 120_000): Promise<void> {
    let hasExited = false;
    void this.exited.then(() => (hasExited = true));
    const status = async (): Promise<number | null> => {
      if (hasExited) {
        throw new Error(`gateway exited early:\n${this.stderr}\n${this.stdout}`);
      }
      // Null while nothing listens yet.
      return fetch(url).then(
        (response) => response.status,
        () => null,
      );
    };
    await waitFor(
      status,
      (answered) => answered !== null && answered < 500,
      () => `the gateway at ${url}:\n${this.stderr}`,
      { timeoutMs, intervalMs: 200 },
    );
  }

  waitForExit(): Promise<ProcessExit> {
    return this.exited;
  }

  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<ProcessExit> {
    this.child.kill(signal);
    return this.exited;
  }

  /** SIGTERM, then SIGKILL when it has not ended within `timeoutMs` (cleanup after a failure). */
  async stopWithin(timeoutMs: number): Promise<ProcessExit> {
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
    });
    const exit = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    return exit ?? this.stop('SIGKILL');
  }
}

export interface RunningGateway {
  readonly process: GatewayProcess;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The gateway's own SQLite file. */
  readonly sqlitePath: string;
}

/**
 * One gateway process for a suite: started in `beforeAll` on a free port and a SQLite file of its
 * own, with `env` (called then, so it may read stand-ins started by earlier hooks) on top; stopped
 * and its files removed in `afterAll`.
 */
export function useGatewayProcess(name: string, env: () => Record<string, string>): RunningGateway {
  const sqlitePath = join(tmpdir(), `gateway-${name}-${process.pid}.sqlite`);
  let running: GatewayProcess | undefined;
  let url = '';

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    running = GatewayProcess.start({
      PORT: String(port),
      HOST: '127.0.0.1',
      SQLITE_PATH: sqlitePath,
      ...env(),
    });
    await running.waitUntilReady(`${url}/health/live`);
  }, 150_000);

  afterAll(async () => {
    await running?.stopWithin(10_000);
    for (const file of [sqlitePath, `${sqlitePath}-wal`, `${sqlitePath}-shm`]) {
      rmSync(file, { force: true });
    }
  });

  return {
    get process(): GatewayProcess {
      if (!running) {
        throw new Error('the gateway process is started in beforeAll');
      }
      return running;
    },
    get url(): string {
      return url;
    },
    sqlitePath,
  };
}
