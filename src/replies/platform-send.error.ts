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

export function isRetryableSendError(error: unknown): boolean {
  return error instanceof PlatformSendError && error.details.isRetryable;
}

// For `last_error`: a platform's own message as it is, anything else with its kind.
export function describeSendError(error: unknown): string {
  if (error instanceof PlatformSendError) {
    return error.message;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
