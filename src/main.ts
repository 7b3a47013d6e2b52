// First, before any other module loads: see `keepTickObjectShape`.
import 'src/common/platform/tick-object-shape.keep';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from 'src/app.module';
import { configureApp, createFastifyAdapter, NEST_APP_OPTIONS } from 'src/app.setup';
import { ConfigValidationError } from 'src/config/env.validation';
import { loadAppConfig } from 'src/config/load-app-config';

async function bootstrap(): Promise<void> {
  const config = loadAppConfig();
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createFastifyAdapter(config),
    NEST_APP_OPTIONS,
  );
  configureApp(app);
  await app.listen(config.http.port, config.http.host);
  new Logger('Gateway').log(
    { port: config.http.port, host: config.http.host, database: config.database.kind },
    'gateway listening',
  );
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigValidationError) {
    // The logger is not up yet; stderr is the only place to say why the process stops.
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Gateway failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  }
  process.exit(1);
});
