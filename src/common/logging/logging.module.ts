import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { AppConfig } from 'src/config/app-config';
import { LifecycleLogger } from 'src/common/logging/lifecycle-logger';
import { RequestContextMiddleware } from 'src/common/logging/request-context.middleware';
import { requestIdFrom } from 'src/common/logging/request-id';

const REDACTED_HEADERS = [
  'authorization',
  'cookie',
  'x-hub-signature',
  'x-hub-signature-256',
  'kindly-hmac',
  'api-security-token',
  'security-token',
  'token',
  'auth',
];

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // Probes every few seconds would drown the log.
        exclude: [
          { method: RequestMethod.ALL, path: 'health' },
          { method: RequestMethod.ALL, path: 'health/live' },
        ],
        pinoHttp: [
          {
            level: config.logLevel,
            genReqId: (req: IncomingMessage & { id?: unknown }) =>
              typeof req.id === 'string' ? req.id : requestIdFrom(req.headers),
            autoLogging: {
              ignore: (req: IncomingMessage) => req.url?.startsWith('/health') ?? false,
            },
            // Only the path is logged: query strings can carry verify tokens.
            serializers: {
              req: (req: { id: unknown; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                path: req.url.split('?')[0],
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            redact: {
              paths: REDACTED_HEADERS.map((header) => `req.headers["${header}"]`),
              censor: '[redacted]',
            },
            // A refused request is the client's business (info); a 5xx is ours (error).
            customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
              error !== undefined || res.statusCode >= 500 ? 'error' : 'info',
            // pino-http would add an `Error('failed with status code 500')` of its own, with a
            // stack through its own code; the filter's line has the real one.
            customErrorObject: (
              _req: IncomingMessage,
              _res: ServerResponse,
              _error: Error,
              value: Record<string, unknown>,
            ) => ({ ...value, err: undefined }),
            customAttributeKeys: { reqId: 'requestId' },
            // Lines logged during a request carry `requestId`; the full `req` only on the last one.
            quietReqLogger: true,
          },
          // Written without blocking the event loop (a busy gateway logs thousands of lines a
          // second); pino writes out what is left when the process exits.
          pino.destination({ dest: 1, sync: false }),
        ],
      }),
    }),
  ],
  providers: [LifecycleLogger],
})
export class LoggingModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes('*path');
  }
}
