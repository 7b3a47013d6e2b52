import { AppError, AppErrorCode } from 'src/common/errors/app-error';

/** The model answered, but not with JSON that passes `parseScorerOutput`. */
export class InvalidScorerOutputError extends AppError {
  constructor(reason: string) {
    super(AppErrorCode.AnalyzerUnavailable, `Invalid scorer output: ${reason}`);
  }
}
