export enum AppErrorCode {
  AnalyzerUnavailable = 'AnalyzerUnavailable',
  DatabaseUnavailable = 'DatabaseUnavailable',
  // SIGTERM received: new work is refused so the platform delivers it to another instance.
  ShuttingDown = 'ShuttingDown',
  NotFound = 'NotFound',
  // A unique rule is already taken (e.g. a VIP rule for the same phone number).
  Conflict = 'Conflict',
  // The platform cannot do what was asked (e.g. a proactive message where it has no API).
  PlatformUnsupported = 'PlatformUnsupported',
  // Free text outside the platform's free-form window (WhatsApp's 24 hours): only a template may go.
  TemplateRequired = 'TemplateRequired',
  // A platform API refused or failed a send; `PlatformSendError` carries the details.
  PlatformSendFailed = 'PlatformSendFailed',
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
