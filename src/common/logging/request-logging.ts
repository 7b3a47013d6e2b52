import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

/**
 * One line per answered request, from one `onResponse` hook on the root logger (no child logger
 * per request). A 5xx is logged at error and a 4xx at info, always; a success at info for
 * `infoSample` (0..1) of the requests. The `x-request-id` header is set on every answer.
 */
export function registerRequestLogging(
  fastify: FastifyInstance,
  logger: Logger,
  infoSample: number,
): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const statusCode = reply.statusCode;
    // Probes every few seconds would drown the log.
    if (request.url.startsWith('/health')) {
      done();
      return;
    }
    if (statusCode >= 500) {
      logger.error(lineOf(request, reply), 'request errored');
    } else if (logger.isLevelEnabled('info') && (statusCode >= 400 || Math.random() < infoSample)) {
      logger.info(lineOf(request, reply), 'request completed');
    }
    done();
  });
}

// Only the path: query strings can carry verify tokens.
function lineOf(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> {
  const url = request.url;
  const query = url.indexOf('?');
  return {
    requestId: request.id,
    req: { method: request.method, path: query === -1 ? url : url.slice(0, query) },
    res: { statusCode: reply.statusCode },
    responseTime: Math.round(reply.elapsedTime),
  };
}
