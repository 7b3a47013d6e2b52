import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';

/**
 * Adds to a handler's Fastify route `config` (Nest hands a handler's
 * `__fastify_route_config__` metadata to Fastify as the route's `config`, where hooks and plugins
 * read it). Several decorators may add their own key.
 */
export function addRouteConfig(handler: object, config: Record<string, unknown>): void {
  const current = Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) as
    Record<string, unknown> | undefined;
  Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...current, ...config }, handler);
}
