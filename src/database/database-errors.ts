import { QueryFailedError } from 'typeorm';

interface DriverError {
  code?: string;
  errno?: number;
}

function driverErrorOf(error: unknown): DriverError | null {
  return error instanceof QueryFailedError ? (error.driverError as DriverError) : null;
}

export function isUniqueViolation(error: unknown): boolean {
  const code = driverErrorOf(error)?.code;
  return (
    code === 'ER_DUP_ENTRY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

// A deadlock victim or a lock timeout: safe to run again.
export function isRetryableTransactionError(error: unknown): boolean {
  const code = driverErrorOf(error)?.code;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'SQLITE_BUSY';
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
]);

// The driver's code of a failed query, else the error's own (`ECONNREFUSED` from a pool).
export function errorCodeOf(error: unknown): string | null {
  const code = driverErrorOf(error)?.code ?? (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

export function isConnectionError(error: unknown): boolean {
  const code = errorCodeOf(error);
  return code !== null && CONNECTION_ERROR_CODES.has(code);
}

// Errors from the database or its driver quote the statement's values (message text, phone
// numbers) in their message: such a message is never logged.
export function isDatabaseError(error: unknown): boolean {
  if (error instanceof QueryFailedError) {
    return true;
  }
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  const code = errorCodeOf(error);
  return (code !== null && /^(ER_|SQLITE_)/.test(code)) || 'sqlMessage' in error || 'sql' in error;
}
