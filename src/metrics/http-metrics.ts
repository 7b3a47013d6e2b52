import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { onResponseHookHandler } from 'fastify';
import { appendRouteHook } from 'src/common/http/route-config';
import { GatewayMetrics } from 'src/metrics/gateway-metrics';

// Each route gets its own `onResponse` hook, bound to its pattern when Fastify adds it
// (`/webhooks/kore/botkit/sdk/bots/:botId/:eventName`, never the URL), so a request does not
// look its route up. Requests no route matched have none and count as `unmatched`. Called before
// Nest registers the controllers' routes (`app.init()`/`listen()`).
export function registerHttpMetrics(app: NestFastifyApplication): void {
  const metrics = app.get(GatewayMetrics);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRoute', (route) => {
    appendRouteHook(
      route,
      'onResponse',
      metrics.httpRoute(route.url).onResponse as onResponseHookHandler,
    );
  });
  const unmatched = metrics.httpRoute(undefined);
  fastify.addHook('onResponse', (request, reply, done) => {
    if (request.is404) {
      unmatched.record(request.method, reply.statusCode, reply.elapsedTime / 1000);
    }
    done();
  });
}
