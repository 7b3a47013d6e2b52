import { AppError, AppErrorCode } from 'src/common/errors/app-error';

// A platform API call that did not succeed. Its message never holds the message text or a token.
export class PlatformSendError extends AppError {
  constructor(
    message: string,
    readonly details: {
      /** `null` when no HTTP answer came (timeout, connection refused). */
      httpStatus: number | null;
      /** Worth another attempt: 429, 5xx, timeouts and connection errors. */
      isRetryable: boolean;
      /** The platform's `Retry-After`, in milliseconds, when it sent one. */
      retryAfterMs?: number | null;
    },
  ) {
    super(AppErrorCode.PlatformSendFailed, message);
  }
}
