import { isUtf8 } from 'node:buffer';
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

export function tooLarge(): Error & { statusCode: number } {
  return Object.assign(new Error('Request body is too large'), { statusCode: 413 });
}

function unsupportedCharset(): Error & { statusCode: number } {
  return Object.assign(new Error('Unsupported charset: JSON bodies must be UTF-8'), {
    statusCode: 415,
  });
}

// `charset` of a Content-Type header, lower-cased and unquoted; `null` when none is declared.
export function declaredCharset(contentType: string | undefined): string | null {
  for (const parameter of (contentType ?? '').split(';').slice(1)) {
    const [name, ...value] = parameter.split('=');
    if (name.trim().toLowerCase() === 'charset') {
      return value
        .join('=')
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase();
    }
  }
  return null;
}

const UTF_8_NAMES = new Set(['utf-8', 'utf8']);

export interface BodyLimits {
  bodyLimitBytes: number;
  // By route path, for the routes allowed another limit.
  routeBodyLimits: Record<string, number>;
}

export function bodyLimitOf(request: FastifyRequest, limits: BodyLimits): number {
  return limits.routeBodyLimits[request.routeOptions.url ?? ''] ?? limits.bodyLimitBytes;
}

// The only body parser. JSON is kept as raw bytes too (signatures are checked on them);
// prototype-poisoning keys, excessive nesting and bytes that are not UTF-8 are refused (400);
// other content types, and JSON declared in another charset, answer 415. Text is never
// re-encoded or repaired: what is stored is what was sent.
export function registerJsonBodyParser(fastify: FastifyInstance, limits: BodyLimits): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    (request: FastifyRequest & { rawBody?: Buffer }, body: Buffer, done) => {
      const charset = declaredCharset(request.headers['content-type']);
      if (charset !== null && !UTF_8_NAMES.has(charset)) {
        done(unsupportedCharset(), undefined);
        return;
      }
      if (body.length > bodyLimitOf(request, limits)) {
        done(tooLarge(), undefined);
        return;
      }
      request.rawBody = body;
      if (!isUtf8(body)) {
        done(badRequest('Request body is not valid UTF-8'), undefined);
        return;
      }
      if (exceedsDepth(body, MAX_JSON_DEPTH)) {
        done(badRequest(`JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
        return;
      }
      void parseJson(request, body.toString('utf8'), done);
    },
  );
}
