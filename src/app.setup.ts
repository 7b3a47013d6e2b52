import type { IncomingMessage } from 'node:http';
import type { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { CompiledValidationPipe } from 'src/common/validation/compiled-validation.pipe';
import { registerJsonBodyParser } from 'src/common/http/json-body-parser';
import { registerRateLimit } from 'src/common/http/rate-limit';
import { AppErrorFilter } from 'src/common/filters/app-error.filter';
import { registerCredentialsCheck } from 'src/common/security/credentials.hook';
import { PinoLoggerService } from 'src/common/logging/pino-logger.service';
import { registerRequestLogging } from 'src/common/logging/request-logging';
import { requestIdFrom } from 'src/common/logging/request-id';
import { MiddlewareFreeFastifyAdapter } from 'src/common/platform/middleware-free-fastify.adapter';
import { validationExceptionFactory } from 'src/common/validation/validation-exception.factory';
import { AppConfig } from 'src/config/app-config';
import { setupOpenApi } from 'src/docs/openapi';
import { registerHttpMetrics } from 'src/metrics/http-metrics';

export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  const { bodyLimitBytes, routeBodyLimits } = config.http;
  const adapter = new MiddlewareFreeFastifyAdapter({
    // The largest any route allows; the parser applies each route's own.
    bodyLimit: Math.max(bodyLimitBytes, ...Object.values(routeBodyLimits)),
    genReqId: (req: IncomingMessage) => requestIdFrom(req.headers),
  });
  registerJsonBodyParser(adapter.getInstance(), { bodyLimitBytes, routeBodyLimits });
  registerRateLimit(adapter.getInstance(), config.stats.rateLimitPerMinute);
  return adapter;
}

// Our own body parser replaces Nest's JSON and form parsers.
export const NEST_APP_OPTIONS = { bodyParser: false, bufferLogs: true } as const;

// Every body, query and parameter is validated so (the compiled fast path gives the same answers).
export const VALIDATION_OPTIONS = {
  transform: true,
  whitelist: true,
  forbidUnknownValues: true,
  exceptionFactory: validationExceptionFactory,
} as const;

// Shared by `main.ts` and the end-to-end tests.
export function configureApp(app: NestFastifyApplication): void {
  const logger = app.get(PinoLoggerService);
  const config = app.get(AppConfig);
  app.useLogger(logger);
  registerRequestLogging(app.getHttpAdapter().getInstance(), logger.pino, config.logRequestSample);
  app.useGlobalPipes(new CompiledValidationPipe(VALIDATION_OPTIONS));
  app.useGlobalFilters(new AppErrorFilter());
  registerCredentialsCheck(app, config.http);
  registerHttpMetrics(app);
  setupOpenApi(app);
  // process.exit after the hooks, so pino writes out its last lines on 'exit'.
  app.enableShutdownHooks(undefined, { useProcessExit: true });
}
