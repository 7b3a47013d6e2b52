import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, AppErrorCode } from 'src/common/errors/app-error';
import { unexpectedErrorDetails } from 'src/common/logging/loggable-error';
import { isConnectionError } from 'src/common/errors/database-errors';

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
    case AppErrorCode.TemplateRequired:
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

// HTTP exceptions keep their status and body; anything else is mapped by code. A client's
// mistake (4xx) is the client's news, not ours: the request line (info) says it, and
// an AppError's code is added at debug. A 5xx is logged at error with the message, the stack and
// where it came from: the route, and the first frame of our code.
@Catch()
export class AppErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(AppErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      this.logServerError(status, exception, http.getRequest<FastifyRequest>());
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
    if (status < 500) {
      this.logger.debug(
        { requestId: http.getRequest<FastifyRequest>().id, code: error.code, statusCode: status },
        'request refused',
      );
    } else {
      this.logServerError(status, exception, http.getRequest<FastifyRequest>(), error.code);
    }
    void reply
      .status(status)
      .send({ statusCode: status, error: error.code, message: error.message });
  }

  private logServerError(
    status: number,
    exception: unknown,
    request: FastifyRequest,
    code: AppErrorCode | null = null,
  ): void {
    if (status < 500) {
      return;
    }
    this.logger.error(
      {
        requestId: request.id,
        statusCode: status,
        code,
        route: `${request.method} ${request.routeOptions.url ?? '(no route)'}`,
        ...unexpectedErrorDetails(exception),
      },
      'request failed',
    );
  }
}
