import { FastifyAdapter } from '@nestjs/platform-fastify';

/**
 * Nest's Fastify adapter without @fastify/middie up front. Nest registers middie on every app for
 * Express-style middleware, and its `onRequest` hook then runs on every request; the gateway has
 * no such middleware (its per-request work is Fastify hooks). Should a Nest middleware be applied
 * after all, the adapter still registers middie for it then (`createMiddlewareFactory`).
 */
export class MiddlewareFreeFastifyAdapter extends FastifyAdapter {
  // Only what registering middie did on the side: the plugins registered so far (the rate limit)
  // are loaded now, so their route hooks see the routes Nest adds next.
  override async init(): Promise<void> {
    await this.getInstance().after();
  }

  override use(): this {
    throw new Error('Express-style middleware is not supported: use a Fastify hook');
  }
}
