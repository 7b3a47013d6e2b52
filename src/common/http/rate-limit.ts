import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';

const MINUTE_MS = 60_000;

/**
 * `@fastify/rate-limit` for the routes marked `@RateLimited()` only: `perMinute` calls a minute
 * per client address (in memory, per instance). Registered before Nest adds its routes, so its
 * route hook sees them.
 */
export function registerRateLimit(fastify: FastifyInstance, perMinute: number): void {
  void fastify.register(fastifyRateLimit, {
    global: false,
    max: perMinute,
    timeWindow: MINUTE_MS,
  });
}
