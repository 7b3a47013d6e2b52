import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';

/** The whole call took longer than its deadline. */
export class HttpTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';

  constructor(timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
    this.name = 'HttpTimeoutError';
  }
}

/** The answer's body was bigger than allowed; it was not read further. */
export class ResponseTooLargeError extends Error {
  constructor(
    readonly status: number,
    maxBytes: number,
  ) {
    super(`response larger than ${maxBytes} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface PostOptions {
  headers: Record<string, string>;
  /** Deadline of the whole call: connecting, sending and reading the answer. */
  timeoutMs: number;
  maxResponseBytes: number;
  /** Cancels the call: it rejects with the signal's reason. */
  signal?: AbortSignal;
}

// Kept-alive connections, shared by every call: a busy pipeline reuses them instead of paying a
// TCP handshake per call.
const AGENTS = {
  http: new http.Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 64 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 64 }),
};

/**
 * One POST with Node's own HTTP client: no redirects followed (a 3xx is an answer like any
 * other), a deadline on the whole call, and a bounded body. Any status is an answer; connection
 * failures reject with Node's error (its `code`), a timeout with `HttpTimeoutError`. Credentials
 * in the URL become Basic authentication.
 */
export function postJson(url: string, body: string, options: PostOptions): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    const isHttps = target.protocol === 'https:';
    const request = (isHttps ? https : http).request(
      target,
      {
        method: 'POST',
        agent: isHttps ? AGENTS.https : AGENTS.http,
        headers: { ...options.headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxResponseBytes) {
            request.destroy(
              new ResponseTooLargeError(response.statusCode ?? 0, options.maxResponseBytes),
            );
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => {
          settle();
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
        response.on('error', (error) => {
          settle();
          reject(error);
        });
      },
    );
    const timer = setTimeout(
      () => request.destroy(new HttpTimeoutError(options.timeoutMs)),
      options.timeoutMs,
    );
    const { signal } = options;
    const onAbort = (): void => {
      request.destroy(
        signal?.reason instanceof Error ? signal.reason : new Error('the call was cancelled'),
      );
    };
    if (signal?.aborted) {
      onAbort();
    } else {
      signal?.addEventListener('abort', onAbort, { once: true });
    }
    const settle = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    request.on('error', (error) => {
      settle();
      reject(error);
    });
    request.end(body);
  });
}
