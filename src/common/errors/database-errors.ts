import { errorCodeOf } from 'src/common/errors/error-code';

// What the database's errors mean, read from their codes alone (TypeORM copies the driver's code
// onto its QueryFailedError), so that logging and the error filter need no database layer.

export function isUniqueViolation(error: unknown): boolean {
  const code = errorCodeOf(error);
  return (
    code === 'ER_DUP_ENTRY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

// A deadlock victim or a lock timeout: safe to run again.
export function isRetryableTransactionError(error: unknown): boolean {
  const code = errorCodeOf(error);
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

export function isConnectionError(error: unknown): boolean {
  const code = errorCodeOf(error);
  return code !== null && CONNECTION_ERROR_CODES.has(code);
}

// Errors from the database or its driver quote the statement's values (message text, phone
// numbers) in their message: such a message is never logged.
export function isDatabaseError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  if ('driverError' in error) {
    return true; // TypeORM's QueryFailedError
  }
  const code = errorCodeOf(error);
  return (code !== null && /^(ER_|SQLITE_)/.test(code)) || 'sqlMessage' in error || 'sql' in error;
}
