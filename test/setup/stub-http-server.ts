import { Logger } from '@nestjs/common';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  // `undefined` when the body is not JSON.
  json: unknown;
}

export interface StubResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  // To provoke timeouts.
  delayMs?: number;
  isDropped?: boolean;
}

export type StubHandler = (request: RecordedRequest) => StubResponse;

export class StubHttpServer {
  readonly requests: RecordedRequest[] = [];
  private handler: StubHandler = () => ({ status: 200, body: {} });
  private readonly server: Server;
  // Delayed answers not sent yet: `stop` cancels them, so none keeps the test process alive.
  private readonly delayed = new Set<NodeJS.Timeout>();

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = body ? JSON.parse(body) : undefined;
        } catch {
          json = undefined;
        }
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          headers: req.headers,
          body,
          json,
        };
        this.requests.push(recorded);
        const answer = this.handler(recorded);
        const send = (): void => {
          if (answer.isDropped) {
            req.socket.destroy();
            return;
          }
          const payload =
            typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
          res.writeHead(answer.status ?? 200, {
            'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json',
            ...answer.headers,
          });
          res.end(payload);
        };
        if (answer.delayMs) {
          const timer = setTimeout(() => {
            this.delayed.delete(timer);
            send();
          }, answer.delayMs);
          this.delayed.add(timer);
        } else {
          send();
        }
      });
    });
  }

  static async start(): Promise<StubHttpServer> {
    const stub = new StubHttpServer();
    await stub.listen();
    return stub;
  }

  // A stub that is not listening yet; `useStubServer` starts it in a beforeAll hook.
  static unstarted(): StubHttpServer {
    return new StubHttpServer();
  }

  listen(): Promise<void> {
    return new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  respondWith(handler: StubHandler): void {
    this.handler = handler;
  }

  reset(): void {
    this.requests.length = 0;
    this.handler = () => ({ status: 200, body: {} });
  }

  async stop(): Promise<void> {
    for (const timer of this.delayed) {
      clearTimeout(timer);
    }
    this.delayed.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export interface UseStubServerOptions {
  // Silence Nest's Logger for the whole file (the routing and scorer specs).
  isLoggerSilent?: boolean;
}

// Registers the hooks each spec copied: start a stub before all tests, stop it after
// them, and forget its requests and handler before each test. Call it at the top of a
// describe block so its beforeEach runs before the spec's own.
export function useStubServer(options: UseStubServerOptions = {}): StubHttpServer {
  const stub = StubHttpServer.unstarted();
  beforeAll(async () => {
    if (options.isLoggerSilent) {
      Logger.overrideLogger(false);
    }
    await stub.listen();
  });
  afterAll(async () => {
    await stub.stop();
  });
  beforeEach(() => {
    stub.reset();
  });
  return stub;
}
