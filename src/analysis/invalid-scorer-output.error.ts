import { AppError, AppErrorCode } from 'src/common/errors/app-error';

export class InvalidScorerOutputError extends AppError {
  constructor(reason: string) {
    super(AppErrorCode.AnalyzerUnavailable, `Invalid scorer output: ${reason}`);
  }
}
