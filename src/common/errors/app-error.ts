export enum AppErrorCode {
  AnalyzerUnavailable = 'AnalyzerUnavailable',
  DatabaseUnavailable = 'DatabaseUnavailable',
  Internal = 'Internal',
}

// The filter maps `code` to an HTTP status.
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
