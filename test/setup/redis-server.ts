import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { waitFor } from 'test/setup/wait-for';

const READY_TIMEOUT_MS = 10000;
const COMMAND_TIMEOUT_MS = 1000;

/**
 * A throwaway `redis-server` of the test's own on a loopback port, without persistence: once
 * killed and started again on the same port it is empty, as a Redis that lost its memory.
 */
export class RedisServer {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  log = '';

  private constructor(readonly port: number) {}

  static async start(port: number): Promise<RedisServer> {
    const server = new RedisServer(port);
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it again (on the same port) once it was killed; resolves when it answers PING. */
  async restart(): Promise<void> {
    if (this.child) {
      throw new Error('redis-server is still running');
    }
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.log += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.log += chunk.toString('utf8')));
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        this.child = null;
        resolve();
      }),
    );
    const pong = async (): Promise<string | null> => {
      if (!this.child) {
        throw new Error(`redis-server exited at start:\n${this.log}`);
      }
      return this.command('PING').catch(() => null);
    };
    await waitFor(
      pong,
      (reply) => reply === '+PONG',
      () => `redis-server:\n${this.log}`,
      { timeoutMs: READY_TIMEOUT_MS, intervalMs: 50 },
    );
  }

  /** SIGKILL by default: gone at once, with everything it held. */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    this.child?.kill(signal);
    await this.exited;
  }

  /** One command; answers the first line of the reply (`+PONG`, `:3`, `-ERR …`). */
  command(...args: string[]): Promise<string> {
    const request = `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
    return new Promise((resolve, reject) => {
      const socket = connect(this.port, '127.0.0.1');
      let reply = '';
      socket.setTimeout(COMMAND_TIMEOUT_MS, () => socket.destroy(new Error('redis timed out')));
      socket.once('error', reject);
      socket.on('data', (chunk: Buffer) => {
        reply += chunk.toString('utf8');
        const end = reply.indexOf('\r\n');
        if (end >= 0) {
          socket.end();
          resolve(reply.slice(0, end));
        }
      });
      socket.write(request);
    });
  }
}
