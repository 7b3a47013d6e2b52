import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import type { RouteOptions } from 'fastify';

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

type RouteHook<Name extends keyof RouteOptions> = Extract<
  NonNullable<RouteOptions[Name]>,
  readonly unknown[]
>[number];

/**
 * Adds `hook` to one route's own hooks from an `onRoute` hook (after the ones it has), so only
 * the routes that need it run it: a root hook would run, and return early, on every request.
 */
export function appendRouteHook<Name extends 'preParsing' | 'onResponse'>(
  route: RouteOptions,
  name: Name,
  hook: RouteHook<Name>,
): void {
  const existing: unknown = route[name];
  const hooks: unknown[] =
    existing === undefined ? [] : Array.isArray(existing) ? (existing as unknown[]) : [existing];
  route[name] = [...hooks, hook] as RouteOptions[Name];
}
