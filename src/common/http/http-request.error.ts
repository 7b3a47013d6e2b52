/** Why a call got no usable answer. */
export enum HttpFailure {
  /** The deadline passed before the whole answer was read. */
  Timeout = 'timeout',
  /** No answer: refused, reset, DNS, TLS, or a URL that cannot be requested. */
  Connection = 'connection',
  /** The answer's body was bigger than allowed; it was not read further. */
  ResponseTooLarge = 'response_too_large',
}

/** A call that ended without an answer to hand back. Its message never holds the URL's query or credentials. */
export class HttpRequestError extends Error {
  constructor(
    readonly failure: HttpFailure,
    /** Node's or our own code (`ECONNREFUSED`, `ETIMEDOUT`), for logs and rows. */
    readonly code: string,
    message: string,
    /** The status of an answer that was cut off (too large); `null` when none came. */
    readonly httpStatus: number | null = null,
  ) {
    super(message);
    this.name = 'HttpRequestError';
  }
}

// undici reports "the other side closed the socket" as UND_ERR_SOCKET; Node's own client called
// it ECONNRESET ("socket hang up"), and that is what rows and logs have always said.
const SOCKET_CLOSED = 'UND_ERR_SOCKET';

/** The one reader of an error's `code` (its cause's, when the error only wraps a socket error). */
export function errorCodeOf(error: unknown): string | null {
  const code = stringCode(error);
  if (code === SOCKET_CLOSED) {
    return stringCode((error as { cause?: unknown }).cause) ?? 'ECONNRESET';
  }
  return code;
}

function stringCode(error: unknown): string | null {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    return typeof error.code === 'string' ? error.code : null;
  }
  return null;
}
