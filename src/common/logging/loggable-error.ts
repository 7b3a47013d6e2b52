// Only an error's class and code may be logged. Messages are left out on purpose: driver errors
// quote the SQL parameters (message text, phone numbers) and HTTP errors quote URLs.
export function loggableError(error: unknown): { errorName: string; errorCode: string | null } {
  if (!(error instanceof Error)) {
    return { errorName: typeof error, errorCode: null };
  }
  const withCode = error as Error & { code?: unknown; driverError?: { code?: unknown } };
  const code = withCode.driverError?.code ?? withCode.code;
  return { errorName: error.name, errorCode: typeof code === 'string' ? code : null };
}
