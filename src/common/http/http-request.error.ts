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
