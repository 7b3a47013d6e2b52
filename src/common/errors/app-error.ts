export enum AppErrorCode {
  InvalidSignature = 'InvalidSignature',
  InvalidPayload = 'InvalidPayload',
  UnknownPlatform = 'UnknownPlatform',
  NotFound = 'NotFound',
  AgentUnavailable = 'AgentUnavailable',
  AnalyzerUnavailable = 'AnalyzerUnavailable',
  DatabaseUnavailable = 'DatabaseUnavailable',
}

/** Base of every error a service or adapter throws; the filter maps `code` to an HTTP status. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
