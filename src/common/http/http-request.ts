import { errorCodeOf } from 'src/common/errors/error-code';
import { exchange } from 'src/common/http/http-exchange';
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

/**
 * The gateway's one HTTP client for agents and platform APIs: no redirects followed (a 3xx is an
 * answer like any other, so a token never goes where a redirect points), a deadline on the whole
 * call, and a bounded body. Any status is an answer; a call without one rejects with
 * `HttpRequestError` (timeout, connection, too large). Credentials in the URL become Basic
 * authentication.
 */
export async function httpRequest(call: HttpCall): Promise<HttpAnswer> {
  const { signal } = call;
  try {
    // An unreadable URL throws here (ERR_INVALID_URL) and ends as a connection failure.
    const { url, headers } = withBasicAuth(new URL(call.url), call.headers ?? {});
    return await exchange({
      url,
      method: call.method,
      headers,
      body: call.body,
      maxResponseBytes: call.maxResponseBytes,
      timeoutMs: call.timeoutMs,
      signal,
    });
  } catch (error) {
    if (error instanceof HttpRequestError) {
      throw error;
    }
    if (signal?.aborted) {
      throw signal.reason instanceof Error ? signal.reason : new Error('the call was cancelled');
    }
    const code = errorCodeOf(error) ?? (error instanceof Error ? error.name : 'unknown');
    throw new HttpRequestError(HttpFailure.Connection, code, `connection failed (${code})`);
  }
}

// undici ignores credentials in a URL; Node's client (and agents' configured URLs) relied on them.
function withBasicAuth(
  parsed: URL,
  headers: Record<string, string>,
): { url: URL; headers: Record<string, string> } {
  if (!parsed.username && !parsed.password) {
    return { url: parsed, headers };
  }
  const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = '';
  parsed.password = '';
  return {
    url: parsed,
    headers: { authorization: `Basic ${Buffer.from(credentials).toString('base64')}`, ...headers },
  };
}
