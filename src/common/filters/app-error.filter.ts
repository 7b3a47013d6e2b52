import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppError, AppErrorCode } from 'src/common/errors/app-error';
import { loggableError } from 'src/common/logging/loggable-error';
import { isConnectionError } from 'src/database/database-errors';

function statusOf(code: AppErrorCode): number {
  switch (code) {
    case AppErrorCode.AnalyzerUnavailable:
      return HttpStatus.BAD_GATEWAY;
    case AppErrorCode.DatabaseUnavailable:
    case AppErrorCode.ShuttingDown:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case AppErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case AppErrorCode.Conflict:
      return HttpStatus.CONFLICT;
    case AppErrorCode.PlatformUnsupported:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case AppErrorCode.PlatformSendFailed:
      return HttpStatus.BAD_GATEWAY;
    case AppErrorCode.Internal:
      return HttpStatus.INTERNAL_SERVER_ERROR;
  }
}

// Fastify's body parsing and limits report a 4xx through `statusCode`; its messages hold no data.
function clientErrorStatusOf(exception: unknown): number | null {
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

function toAppError(exception: unknown): AppError {
  if (exception instanceof AppError) {
    return exception;
  }
  return isConnectionError(exception)
    ? new AppError(AppErrorCode.DatabaseUnavailable, 'database unavailable, try again later')
    : new AppError(AppErrorCode.Internal, 'internal error');
}

// HTTP exceptions keep their status and body; anything else is mapped by code and logged by
// class and code only, since driver errors quote message text and phone numbers.
@Catch()
export class AppErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(AppErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      void reply
        .status(status)
        .send(typeof body === 'string' ? { statusCode: status, message: body } : body);
      return;
    }
    const clientStatus = clientErrorStatusOf(exception);
    if (clientStatus !== null && exception instanceof Error) {
      void reply
        .status(clientStatus)
        .send({ statusCode: clientStatus, message: exception.message });
      return;
    }
    const error = toAppError(exception);
    const status = statusOf(error.code);
    this.logger.error({ code: error.code, ...loggableError(exception) }, 'request failed');
    void reply
      .status(status)
      .send({ statusCode: status, error: error.code, message: error.message });
  }
}
