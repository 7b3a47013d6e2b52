import { Global, Module } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { LifecycleLogger } from 'src/common/logging/lifecycle-logger';
import { PinoLoggerService } from 'src/common/logging/pino-logger.service';

// The app's logger (`app.useLogger`). Request lines come from `registerRequestLogging`, a Fastify
// hook: no middleware and no per-request logger.
@Global()
@Module({
  providers: [
    {
      provide: PinoLoggerService,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new PinoLoggerService(config.logLevel),
    },
    LifecycleLogger,
  ],
  exports: [PinoLoggerService],
})
export class LoggingModule {}
