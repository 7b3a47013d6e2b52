import { isDatabaseError } from 'src/common/errors/database-errors';
import { errorCodeOf } from 'src/common/errors/error-code';

// Only an error's class and code may be logged. Messages are left out on purpose: driver errors
// quote the SQL parameters (message text, phone numbers) and HTTP errors quote URLs.
export function loggableError(error: unknown): { errorName: string; errorCode: string | null } {
  if (!(error instanceof Error)) {
    return { errorName: typeof error, errorCode: null };
  }
  return { errorName: error.name, errorCode: errorCodeOf(error) };
}

export interface UnexpectedErrorDetails {
  errorName: string;
  errorCode: string | null;
  errorMessage: string;
  // The first frame of our own code in the stack: where the error came from.
  origin: string | null;
  stack: string | null;
}

const WITHHELD = '[database error message withheld: it quotes the statement]';
// `at Class.method (/…/src/x/y.ts:12:5)` or `at /…/dist/src/x/y.js:12:5`.
const OWN_FRAME =
  /^\s*at (?:(?:async )?(.+?) \()?.*?[/\\]((?:dist[/\\])?src[/\\][^:)]+:\d+:\d+)\)?$/;

function originOf(stack: string): string | null {
  for (const line of stack.split('\n')) {
    const match = OWN_FRAME.exec(line);
    if (match && !line.includes('node_modules')) {
      const [, name, location] = match;
      return name ? `${name} (${location})` : location;
    }
  }
  return null;
}

/**
 * What an unexpected error (a 500, a crash) is logged with: its class, code, message, stack and
 * where in our code it was thrown. A database error's message, and the stack's copy of it, are
 * withheld, since they quote the statement's values.
 */
export function unexpectedErrorDetails(error: unknown): UnexpectedErrorDetails {
  const { errorName, errorCode } = loggableError(error);
  if (!(error instanceof Error)) {
    return { errorName, errorCode, errorMessage: String(error), origin: null, stack: null };
  }
  const isWithheld = isDatabaseError(error);
  const stack = error.stack ?? null;
  const frames = stack === null ? null : stack.split('\n').filter((line) => /^\s+at /.test(line));
  return {
    errorName,
    errorCode,
    errorMessage: isWithheld ? WITHHELD : error.message,
    origin: stack === null ? null : originOf(stack),
    stack:
      frames === null
        ? null
        : [`${errorName}: ${isWithheld ? WITHHELD : error.message}`, ...frames].join('\n'),
  };
}
