// undici reports "the other side closed the socket" as UND_ERR_SOCKET; Node's own client called
// it ECONNRESET ("socket hang up"), and that is what rows and logs have always said.
const SOCKET_CLOSED = 'UND_ERR_SOCKET';

/**
 * The one reader of an error's `code`: a driver's (`ER_DUP_ENTRY`; TypeORM copies it onto its
 * QueryFailedError), Node's (`ECONNREFUSED`), or a wrapped socket error's cause's.
 */
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
