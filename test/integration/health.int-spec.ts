import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { HealthController } from 'src/health/health.controller';
import { HealthModule } from 'src/health/health.module';
import { createDatabaseTestingModule } from 'test/factories/testing-module.factory';
import { TestDatabase, testDatabaseKinds } from 'test/setup/test-database';

describe(HealthController.name, () => {
  describe.each(testDatabaseKinds())('on %s', (kind) => {
    let db: TestDatabase;
    let app: NestFastifyApplication;

    beforeAll(async () => {
      db = await TestDatabase.create(kind);
      const moduleRef = await createDatabaseTestingModule(db.config(), [HealthModule]).compile();
      moduleRef.useLogger(false);
      app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
    });

    afterAll(async () => {
      await app?.close();
      await db?.drop();
    });

    it('should answer 200 with the database up', async () => {
      const response = await app.inject({ method: 'GET', url: '/health' });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        status: 'ok',
        info: { database: { status: 'up' } },
        error: {},
        details: { database: { status: 'up' } },
      });
    });

    it('should answer liveness without the database', async () => {
      const response = await app.inject({ method: 'GET', url: '/health/live' });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ok' });
    });

    describe('when the database is gone', () => {
      beforeAll(async () => {
        await app.get(DataSource).destroy();
      });

      it('should answer 503 naming the failed check and no connection detail', async () => {
        const response = await app.inject({ method: 'GET', url: '/health' });

        expect(response.statusCode).toBe(503);
        expect(response.json()).toEqual({
          status: 'error',
          info: {},
          error: { database: { status: 'down' } },
          details: { database: { status: 'down' } },
        });
        const location = db.env.DATABASE_URL ?? db.env.SQLITE_PATH;
        expect(response.body).not.toContain(location);
        expect(response.body).not.toMatch(/127\.0\.0\.1|localhost|sqlite|mysql:/i);
      });

      it('should still answer liveness', async () => {
        const response = await app.inject({ method: 'GET', url: '/health/live' });

        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual({ status: 'ok' });
      });
    });
  });
});
