import { ValidationPipe } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { registerJsonBodyParser } from 'src/common/http/json-body-parser';
import { registerRateLimit } from 'src/common/http/rate-limit';
import { AppErrorFilter } from 'src/common/filters/app-error.filter';
import { registerCredentialsCheck } from 'src/common/security/credentials.hook';
import { requestIdFrom } from 'src/common/logging/request-id';
import { validationExceptionFactory } from 'src/common/validation/validation-exception.factory';
import { AppConfig } from 'src/config/app-config';
import { setupOpenApi } from 'src/docs/openapi';
import { registerHttpMetrics } from 'src/metrics/http-metrics';

export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  const { bodyLimitBytes, routeBodyLimits } = config.http;
  const adapter = new FastifyAdapter({
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

// Shared by `main.ts` and the end-to-end tests.
export function configureApp(app: NestFastifyApplication): void {
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(
    new ValidationPipe({
      transform: true,
      whitelist: true,
      forbidUnknownValues: true,
      exceptionFactory: validationExceptionFactory,
    }),
  );
  app.useGlobalFilters(new AppErrorFilter());
  registerCredentialsCheck(app, app.get(AppConfig).http);
  registerHttpMetrics(app);
  setupOpenApi(app);
  // process.exit after the hooks, so pino writes out its last lines on 'exit'.
  app.enableShutdownHooks(undefined, { useProcessExit: true });
}
