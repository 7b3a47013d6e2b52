import { Agent, type Dispatcher, util } from 'undici';
import { HttpFailure, HttpRequestError } from 'src/common/http/http-request.error';

// One pool of kept-alive connections per origin, shared by every call: a busy pipeline reuses
// them instead of paying a TCP handshake per call. undici's own timeouts are pushed out of the
// way so that the caller's deadline is the only one and every timeout reads the same.
export const HTTP_DISPATCHER: Dispatcher = new Agent({
  connections: 512,
  keepAliveTimeout: 4_000,
  headersTimeout: 0,
  bodyTimeout: 0,
  connect: { timeout: 10 * 60 * 1000 },
});

export interface Exchange {
  url: URL;
  method: string;
  /** A record, or anything iterable as `[name, value]` pairs (a `Headers`). */
  headers?: Record<string, string> | Iterable<[string, string]>;
  body?: string | Uint8Array | null;
  maxResponseBytes: number;
  /** Deadline of the whole call (connecting, sending, reading): then it rejects with a timeout. */
  timeoutMs?: number;
  /** Ends the call: it rejects with the signal's reason. */
  signal?: AbortSignal | null;
}

export interface Exchanged {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * One request on the shared pool, its answer read whole (at most `maxResponseBytes`): undici's
 * dispatcher with a handler that keeps the body's chunks, so no stream, no async iteration and no
 * signal bookkeeping per call. Rejects with undici's error when no answer came, with the signal's
 * reason when the signal ended the call, and with `HttpRequestError` when the deadline passed or
 * the body went over the bound.
 */
export function exchange(call: Exchange): Promise<Exchanged> {
  return new Promise<Exchanged>((resolve, reject) => {
    const { signal, timeoutMs } = call;
    const reader = new AnswerReader(call.maxResponseBytes, resolve, reject);
    if (signal?.aborted) {
      reader.abort(signal.reason);
      return;
    }
    const timer =
      timeoutMs === undefined
        ? null
        : setTimeout(
            () =>
              reader.abort(
                new HttpRequestError(
                  HttpFailure.Timeout,
                  'ETIMEDOUT',
                  `timed out after ${timeoutMs} ms`,
                ),
              ),
            timeoutMs,
          );
    const onAbort = (): void => reader.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    reader.onSettled = () => {
      if (timer !== null) {
        clearTimeout(timer);
      }
      signal?.removeEventListener('abort', onAbort);
    };
    HTTP_DISPATCHER.dispatch(
      {
        origin: call.url.origin,
        path: call.url.pathname + call.url.search,
        method: call.method,
        headers: call.headers as Dispatcher.DispatchOptions['headers'],
        body: call.body ?? null,
      },
      reader,
    );
  });
}

// undici's legacy handler interface, which its client calls directly (no wrapper per call).
class AnswerReader implements Dispatcher.DispatchHandler {
  onSettled: (() => void) | null = null;
  private abortCall: ((reason: Error) => void) | null = null;
  // Why the call was ended early, as undici's abort takes it.
  private abortError: Error | null = null;
  private isSettled = false;
  private status = 0;
  private rawHeaders: Buffer[] = [];
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly resolve: (answer: Exchanged) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  /** Ends the call now; it rejects with `reason`. */
  abort(reason: unknown): void {
    if (this.isSettled) {
      return;
    }
    this.abortError = reason instanceof Error ? reason : new Error(String(reason));
    this.settle();
    this.reject(reason);
    this.abortCall?.(this.abortError);
  }

  onConnect(abort: (reason?: Error) => void): void {
    if (this.abortError) {
      abort(this.abortError);
      return;
    }
    this.abortCall = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.status = statusCode;
    this.rawHeaders = rawHeaders;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      this.abort(
        new HttpRequestError(
          HttpFailure.ResponseTooLarge,
          'ERESPONSETOOLARGE',
          `response larger than ${this.maxBytes} bytes`,
          this.status,
        ),
      );
      return false;
    }
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.isSettled) {
      return;
    }
    this.settle();
    const body = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
    this.resolve({
      status: this.status,
      headers: util.parseHeaders(this.rawHeaders),
      text: body.toString('utf8'),
    });
  }

  onError(error: Error): void {
    if (this.isSettled) {
      return;
    }
    this.settle();
    this.reject(error);
  }

  private settle(): void {
    this.isSettled = true;
    this.onSettled?.();
  }
}
