import { type ChildProcess, fork } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { ReadyMessage } from 'bench/servers/child-server';
import { TS_NODE_LOADERS } from 'src/common/files/ts-node-loaders';

/** Every process the bench starts, so that all of them end with it, whatever happens. */
export class ChildRegistry {
  private readonly children = new Set<ChildProcess>();

  track(child: ChildProcess): void {
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
  }

  async stopAll(timeoutMs = 10_000): Promise<void> {
    await Promise.all([...this.children].map((child) => stopChild(child, timeoutMs)));
  }
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** SIGTERM, then SIGKILL if it has not ended within `timeoutMs`. */
export async function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (hasExited(child)) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const isOnTime = await Promise.race([exited.then(() => true), late]);
  clearTimeout(timer);
  if (!isOnTime) {
    child.kill('SIGKILL');
    await exited;
  }
}

export interface ForkedServer {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Forks one of `bench/servers/*.ts` and resolves once it listens on loopback. */
export function forkServer(
  registry: ChildRegistry,
  rootDir: string,
  name: string,
  script: string,
  options: unknown,
  readyTimeoutMs = 30_000,
): Promise<ForkedServer> {
  const child = fork(join(rootDir, 'bench', 'servers', script), [JSON.stringify(options)], {
    cwd: rootDir,
    // The bench's TypeScript servers run the same way as the bench itself.
    execArgv: [...TS_NODE_LOADERS],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  registry.track(child);
  return new Promise<ForkedServer>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${readyTimeoutMs} ms`));
    }, readyTimeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it was ready (code ${code}, signal ${signal})`));
    });
    child.on('message', (message: ReadyMessage) => {
      if (message.kind !== 'ready' || child.pid === undefined) {
        return;
      }
      clearTimeout(timer);
      resolve({
        name,
        url: `http://127.0.0.1:${message.port}`,
        pid: child.pid,
        stop: () => stopChild(child, 5000),
      });
    });
  });
}

export function freePort(): Promise<number> {
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
