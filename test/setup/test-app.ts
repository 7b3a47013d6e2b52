import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { NestFactory } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { DataSource as DataSourceToken } from 'typeorm';
import { AppModule } from 'src/app.module';
import { configureApp, createFastifyAdapter, NEST_APP_OPTIONS } from 'src/app.setup';
import type { TestDatabase } from 'test/setup/test-database';

export class TestApp {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly url: string,
  ) {}

  static async start(database: TestDatabase, env: Record<string, string> = {}): Promise<TestApp> {
    // A suite's app closes when the suite ends: work still running is handed back after a short
    // wait (the shutdown guarantees themselves are tested on real processes, `GatewayProcess`).
    const config = database.config({ SHUTDOWN_TIMEOUT_MS: '3000', ...env });
    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot(config),
      createFastifyAdapter(config),
      { ...NEST_APP_OPTIONS, abortOnError: false },
    );
    configureApp(app);
    await app.listen(0, '127.0.0.1');
    return new TestApp(app, await app.getUrl());
  }

  get dataSource(): DataSource {
    return this.app.get(DataSourceToken);
  }

  // The `count` column of the first row: MySQL returns COUNT(*) as a string, SQLite as a number.
  async count(sql: string, params: unknown[] = []): Promise<number> {
    const rows = await this.dataSource.query<{ count: number | string }[]>(sql, params);
    return Number(rows[0].count);
  }

  post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return this.send('POST', path, body, headers);
  }

  put(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return this.send('PUT', path, body, headers);
  }

  private send(
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.url}${path}`, { headers });
  }

  // The suite is over: connections the test client still keeps open (keep-alive, or one it
  // opened and never used) are cut, so the server's close does not wait for its header timeout.
  async close(): Promise<void> {
    this.app.getHttpServer().closeAllConnections();
    await this.app.close();
  }
}
