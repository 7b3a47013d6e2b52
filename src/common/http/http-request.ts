import { Agent, type Dispatcher, request } from 'undici';
import { errorCodeOf } from 'src/common/errors/error-code';
import { HttpFailure, HttpRequestError } from 'src/common/http/http-request.error';

export interface HttpCall {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** Sent as is; the caller sets its content-type. */
  body?: string;
  /** Deadline of the whole call: connecting, sending and reading the answer. */
  timeoutMs: number;
  maxResponseBytes: number;
  /** Cancels the call: it rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

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

/**
 * The gateway's one HTTP client for agents and platform APIs: no redirects followed (a 3xx is an
 * answer like any other, so a token never goes where a redirect points), a deadline on the whole
 * call, and a bounded body. Any status is an answer; a call without one rejects with
 * `HttpRequestError` (timeout, connection, too large). Credentials in the URL become Basic
 * authentication.
 */
export async function httpRequest(call: HttpCall): Promise<HttpAnswer> {
  // What is read once the call has gone out: the call itself, and its body, are not held.
  const { timeoutMs, maxResponseBytes, signal } = call;
  const controller = new AbortController();
  let isTimedOut = false;
  const timer = setTimeout(() => {
    isTimedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = (): void => controller.abort(signal?.reason);
  if (signal?.aborted) {
    onAbort();
  } else {
    signal?.addEventListener('abort', onAbort, { once: true });
  }
  try {
    // An unreadable URL throws here (ERR_INVALID_URL) and ends as a connection failure.
    const { url, headers } = withBasicAuth(new URL(call.url), call.headers ?? {});
    const response = await request(url, {
      dispatcher: HTTP_DISPATCHER,
      method: call.method,
      headers,
      body: call.body,
      signal: controller.signal,
    });
    const text = await readBounded(response, maxResponseBytes);
    return { status: response.statusCode, headers: response.headers, text };
  } catch (error) {
    if (error instanceof HttpRequestError) {
      throw error;
    }
    if (isTimedOut) {
      throw new HttpRequestError(
        HttpFailure.Timeout,
        'ETIMEDOUT',
        `timed out after ${timeoutMs} ms`,
      );
    }
    if (signal?.aborted) {
      throw signal.reason instanceof Error ? signal.reason : new Error('the call was cancelled');
    }
    const code = errorCodeOf(error) ?? (error instanceof Error ? error.name : 'unknown');
    throw new HttpRequestError(HttpFailure.Connection, code, `connection failed (${code})`);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

export async function readBounded(
  response: Dispatcher.ResponseData,
  maxBytes: number,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      response.body.destroy();
      throw new HttpRequestError(
        HttpFailure.ResponseTooLarge,
        'ERESPONSETOOLARGE',
        `response larger than ${maxBytes} bytes`,
        response.statusCode,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// undici ignores credentials in a URL; Node's client (and agents' configured URLs) relied on them.
function withBasicAuth(
  parsed: URL,
  headers: Record<string, string>,
): { url: string; headers: Record<string, string> } {
  if (!parsed.username && !parsed.password) {
    return { url: parsed.href, headers };
  }
  const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = '';
  parsed.password = '';
  return {
    url: parsed.href,
    headers: { authorization: `Basic ${Buffer.from(credentials).toString('base64')}`, ...headers },
  };
}
