import { errorCodeOf } from 'src/database/database-errors';

// Only an error's class and code may be logged. Messages are left out on purpose: driver errors
// quote the SQL parameters (message text, phone numbers) and HTTP errors quote URLs.
export function loggableError(error: unknown): { errorName: string; errorCode: string | null } {
  if (!(error instanceof Error)) {
    return { errorName: typeof error, errorCode: null };
  }
  return { errorName: error.name, errorCode: errorCodeOf(error) };
}
