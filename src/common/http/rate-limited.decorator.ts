import { addRouteConfig } from 'src/common/http/route-config';

/**
 * The route is rate-limited per client address by `@fastify/rate-limit`, with the limits it was
 * registered with (`registerRateLimit`); over the limit the answer is 429 with `Retry-After`.
 */
export function RateLimited(): MethodDecorator {
  return (_target: object, _key: string | symbol, descriptor: PropertyDescriptor) => {
    addRouteConfig(descriptor.value as object, { rateLimit: {} });
    return descriptor;
  };
}
