import type { FastifyInstance, FastifyRequest } from 'fastify';

// Deeper bodies are refused: validation and transformation walk them recursively.
export const MAX_JSON_DEPTH = 64;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function exceedsDepth(body: Buffer, maxDepth: number): boolean {
  let depth = 0;
  let isInString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (isInString) {
      if (byte === BACKSLASH) {
        i++;
      } else if (byte === QUOTE) {
        isInString = false;
      }
    } else if (byte === QUOTE) {
      isInString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > maxDepth) {
        return true;
      }
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

function badRequest(message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode: 400 });
}

function tooLarge(): Error & { statusCode: number } {
  return Object.assign(new Error('Request body is too large'), { statusCode: 413 });
}

export interface BodyLimits {
  bodyLimitBytes: number;
  // By route path, for the routes allowed another limit.
  routeBodyLimits: Record<string, number>;
}

// The only body parser. JSON is kept as raw bytes too (signatures are checked on them);
// prototype-poisoning keys and excessive nesting are refused; other content types answer 415.
export function registerJsonBodyParser(fastify: FastifyInstance, limits: BodyLimits): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    (request: FastifyRequest & { rawBody?: Buffer }, body: Buffer, done) => {
      const limit = limits.routeBodyLimits[request.routeOptions.url ?? ''] ?? limits.bodyLimitBytes;
      if (body.length > limit) {
        done(tooLarge(), undefined);
        return;
      }
      request.rawBody = body;
      if (exceedsDepth(body, MAX_JSON_DEPTH)) {
        done(badRequest(`JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
        return;
      }
      void parseJson(request, body.toString('utf8'), done);
    },
  );
}
