import { type Exchange, exchange } from 'src/common/http/http-exchange';

/** What an SDK built on `fetch` reads of an answer's headers. */
class AnswerHeaders {
  constructor(private readonly values: Map<string, string>) {}

  get(name: string): string | null {
    return this.values.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }

  entries(): IterableIterator<[string, string]> {
    return this.values.entries();
  }

  forEach(callback: (value: string, name: string) => void): void {
    this.values.forEach(callback);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.values.entries();
  }
}

/** A whole answer, already read: `json()` and `text()` only parse what is in memory. */
class ReadAnswer {
  readonly ok: boolean;
  readonly statusText = '';
  readonly body = null;
  readonly bodyUsed = false;
  readonly redirected = false;
  readonly type = 'basic';

  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: AnswerHeaders,
    private readonly content: string,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  text(): Promise<string> {
    return Promise.resolve(this.content);
  }

  // Async, so a body that is not JSON rejects (as `Response.json()` does) rather than throws.
  // eslint-disable-next-line @typescript-eslint/require-await
  async json(): Promise<unknown> {
    return JSON.parse(this.content) as unknown;
  }
}

function headersOf(raw: Record<string, string | string[] | undefined>): AnswerHeaders {
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) {
      values.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
    }
  }
  return new AnswerHeaders(values);
}

// A call its signal ended rejects with an `AbortError` of this module's own realm: undici's is a
// DOMException, which SDKs checking `instanceof Error` in another realm (a test's VM) miss.
function abortedAs(signal: AbortSignal | null | undefined): (error: unknown) => never {
  return (error) => {
    if (signal?.aborted) {
      const aborted = new Error('the call was aborted', { cause: error });
      aborted.name = 'AbortError';
      throw aborted;
    }
    throw error;
  };
}

/**
 * `fetch` for SDKs that accept one (the OpenAI client), on the gateway's keep-alive pool: the
 * answer is read whole (at most `maxResponseBytes`) before it resolves, so no web streams, and the
 * caller's signal (the SDK's own deadline) covers the body too. Only what such an SDK uses of a
 * `Response` is there: status, headers, `json()`, `text()`.
 */
export function httpFetch(maxResponseBytes: number): typeof fetch {
  const fetchLike = async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    // Only the signal is read after the call has gone out: the body is not held while it runs.
    const signal = init?.signal ?? undefined;
    const answer = await exchange({
      url: new URL(url),
      method: init?.method ?? 'GET',
      headers: init?.headers as Exchange['headers'],
      body: init?.body as Exchange['body'],
      maxResponseBytes,
      signal,
    }).catch(abortedAs(signal));
    return new ReadAnswer(url, answer.status, headersOf(answer.headers), answer.text);
  };
  return fetchLike as unknown as typeof fetch;
}
