import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { GatewayMetrics } from 'src/metrics/gateway-metrics';

// Fastify knows the matched route's pattern (`request.routeOptions.url`), so a URL full of ids
// becomes one series; requests no route matched have none and count as `unmatched`.
export function registerHttpMetrics(app: NestFastifyApplication): void {
  const metrics = app.get(GatewayMetrics);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request, reply, done) => {
      metrics.httpRequest(
        request.method,
        request.routeOptions.url,
        reply.statusCode,
        reply.elapsedTime / 1000,
      );
      done();
    });
}
