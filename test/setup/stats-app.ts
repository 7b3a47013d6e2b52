import { ValidationPipe } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { validationExceptionFactory } from 'src/common/validation/validation-exception.factory';
import { StatsModule } from 'src/stats/stats.module';
import { createDatabaseTestingModule } from 'test/factories/testing-module.factory';
import type { TestDatabase } from 'test/setup/test-database';

// `StatsModule` alone on Fastify, with the validation of the real app, on a migrated database.
export async function startStatsApp(db: TestDatabase): Promise<NestFastifyApplication> {
  const moduleRef = await createDatabaseTestingModule(db.config(), [StatsModule]).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
  app.useGlobalPipes(
    new ValidationPipe({
      transform: true,
      whitelist: true,
      exceptionFactory: validationExceptionFactory,
    }),
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
