import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type ChildRegistry, freePort, hasExited, stopChild } from 'bench/child-processes';

export interface GatewayStart {
  rootDir: string;
  // The gateway's working directory: no `.env` of the developer's is read from it.
  workDir: string;
  logFile: string;
  env: Record<string, string>;
  nodeArgs?: string[];
  readyTimeoutMs?: number;
}

const LOG_TAIL_BYTES = 4096;

/**
 * Node's flags from `npm start` (`node <flags> dist/src/main.js`, the heap ceiling among them): the
 * bench runs the gateway as its users do.
 */
export function startNodeArgs(rootDir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const match = /^node\s+(.*?)\s*dist\/src\/main\.js$/.exec(manifest.scripts?.start ?? '');
  return match?.[1] ? match[1].split(/\s+/) : [];
}

/** The compiled gateway (`dist/src/main.js`) as a child process, its output in a log file. */
export class GatewayProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly pid: number,
    // When it was spawned: a CPU profile's clock starts here, give or take Node's own boot.
    readonly startedAt: number,
    private readonly logFile: string,
  ) {}

  static async start(registry: ChildRegistry, start: GatewayStart): Promise<GatewayProcess> {
    const port = await freePort();
    const log = openSync(start.logFile, 'w');
    const startedAt = Date.now();
    let child: ChildProcess;
    try {
      child = spawn(
        process.execPath,
        [
          ...startNodeArgs(start.rootDir),
          ...(start.nodeArgs ?? []),
          join(start.rootDir, 'dist', 'src', 'main.js'),
        ],
        {
          cwd: start.workDir,
          env: { ...start.env, PORT: String(port), HOST: '127.0.0.1' },
          stdio: ['ignore', log, log],
        },
      );
    } finally {
      closeSync(log);
    }
    registry.track(child);
    if (child.pid === undefined) {
      throw new Error('the gateway could not be started');
    }
    const gateway = new GatewayProcess(
      child,
      `http://127.0.0.1:${port}`,
      child.pid,
      startedAt,
      start.logFile,
    );
    await gateway.waitUntilLive(start.readyTimeoutMs ?? 90_000);
    return gateway;
  }

  /** SIGTERM (graceful shutdown, and the CPU profile is written), SIGKILL after 30 s. */
  stop(): Promise<void> {
    return stopChild(this.child, 30_000);
  }

  /**
   * Warnings and errors the gateway logged before `untilMs` (so not its shutdown), counted by
   * level, logger and message; lines that are not pino JSON (Node's own warnings) are counted too.
   */
  logProblems(untilMs: number): Record<string, number> {
    const counts: Record<string, number> = {};
    let text = '';
    try {
      text = readFileSync(this.logFile, 'utf8');
    } catch {
      return counts;
    }
    for (const line of text.split('\n')) {
      const key = problemKey(line, untilMs);
      if (key !== null) {
        counts[key] = (counts[key] ?? 0) + 1;
      }
    }
    return counts;
  }

  logTail(): string {
    try {
      const size = statSync(this.logFile).size;
      const length = Math.min(size, LOG_TAIL_BYTES);
      const buffer = Buffer.alloc(length);
      const fd = openSync(this.logFile, 'r');
      try {
        readSync(fd, buffer, 0, length, size - length);
      } finally {
        closeSync(fd);
      }
      return buffer.toString('utf8');
    } catch {
      return '';
    }
  }

  private async waitUntilLive(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (hasExited(this.child)) {
        throw new Error(`the gateway exited during start:\n${this.logTail()}`);
      }
      try {
        const response = await fetch(`${this.url}/health/live`, {
          signal: AbortSignal.timeout(1000),
        });
        if (response.ok) {
          return;
        }
      } catch {
        // Not listening yet.
      }
      await sleep(200);
    }
    throw new Error(`the gateway was not live after ${timeoutMs} ms:\n${this.logTail()}`);
  }
}

const LEVELS: Record<number, string> = { 40: 'warn', 50: 'error', 60: 'fatal' };

function problemKey(line: string, untilMs: number): string | null {
  if (line.trim() === '') {
    return null;
  }
  if (!line.startsWith('{')) {
    return line.startsWith('(node:') ? line.replace(/^\(node:\d+\) /, '').slice(0, 120) : null;
  }
  try {
    const entry = JSON.parse(line) as {
      level?: number;
      time?: number;
      context?: string;
      msg?: string;
      errorName?: string;
      errorCode?: string | null;
    };
    if ((entry.level ?? 0) < 40 || (entry.time ?? 0) >= untilMs) {
      return null;
    }
    const error = entry.errorName
      ? ` (${entry.errorName}${entry.errorCode ? ` ${entry.errorCode}` : ''})`
      : '';
    return `${LEVELS[entry.level ?? 0] ?? entry.level} ${entry.context ?? ''}: ${entry.msg ?? ''}${error}`;
  } catch {
    return null;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
