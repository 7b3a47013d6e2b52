import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppError, AppErrorCode } from 'src/common/errors/app-error';
import { loggableError } from 'src/common/logging/loggable-error';

function statusOf(code: AppErrorCode): number {
  switch (code) {
    case AppErrorCode.InvalidSignature:
      return HttpStatus.UNAUTHORIZED;
    case AppErrorCode.InvalidPayload:
      return HttpStatus.BAD_REQUEST;
    case AppErrorCode.UnknownPlatform:
    case AppErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case AppErrorCode.AgentUnavailable:
    case AppErrorCode.AnalyzerUnavailable:
      return HttpStatus.BAD_GATEWAY;
    case AppErrorCode.DatabaseUnavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
  }
}

/** Maps `AppError` codes to statuses; HTTP exceptions keep Nest's own handling. */
@Catch(AppError)
export class AppErrorFilter implements ExceptionFilter<AppError> {
  private readonly logger = new Logger(AppErrorFilter.name);

  catch(error: AppError, host: ArgumentsHost): void {
    const status = statusOf(error.code);
    if (status >= 500) {
      this.logger.error({ code: error.code, ...loggableError(error) }, 'request failed');
    }
    void host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(status)
      .send({ statusCode: status, error: error.code, message: error.message, ...error.details });
  }
}
