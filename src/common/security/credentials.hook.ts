import { ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest, preParsingAsyncHookHandler } from 'fastify';
import { Readable } from 'node:stream';
import { type BodyLimits, bodyLimitOf, tooLarge } from 'src/common/http/json-body-parser';
import { appendRouteHook } from 'src/common/http/route-config';
import { type CredentialsVerifier, credentialsRuleOf } from 'src/common/security/credentials';

// A body over the route's limit: not read past it.
const OVER_LIMIT = Symbol('overLimit');

// The raw bytes of the body, read up to `limit` and no further.
function readBody(
  request: FastifyRequest,
  payload: NodeJS.ReadableStream,
  limit: number,
): Promise<Buffer | typeof OVER_LIMIT> {
  if (Number(request.headers['content-length']) > limit) {
    return Promise.resolve(OVER_LIMIT);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const stop = (): void => {
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
    };
    // Once stopped, the rest of the stream flows on to nowhere, as Fastify's own limit does.
    function onData(chunk: Buffer): void {
      length += chunk.length;
      if (length > limit) {
        stop();
        resolve(OVER_LIMIT);
        return;
      }
      chunks.push(chunk);
    }
    function onEnd(): void {
      stop();
      resolve(Buffer.concat(chunks, length));
    }
    function onError(error: Error): void {
      stop();
      reject(error);
    }
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
    payload.resume();
  });
}

/**
 * Checks the credentials of every route marked with `RequiresCredentials`, before its body is
 * parsed (Fastify's `preParsing`): an unauthenticated request is answered 401 whatever its body
 * is (broken JSON, another content type, too deep, too large). The raw bytes are read here, up to
 * the route's body limit, so HMAC signatures are checked on exactly what was sent; the parser
 * then gets the same bytes. A body over the limit is not read: with a valid header token it is
 * answered 413, while an HMAC signature over it cannot be checked, so that answer is 401.
 */
export function registerCredentialsCheck(app: NestFastifyApplication, limits: BodyLimits): void {
  const fastify = app.getHttpAdapter().getInstance();
  // Only the routes that ask for credentials get the hook; the others read their body as usual.
  fastify.addHook('onRoute', (route) => {
    const rule = credentialsRuleOf(route.config);
    if (!rule) {
      return;
    }
    // Routes are added once the providers exist: each route's verifier is looked up here, once.
    const verifier = app.get<CredentialsVerifier>(rule.verifier, { strict: false });
    const check: preParsingAsyncHookHandler = async (request, reply, payload) => {
      const unavailable = verifier.unavailableReason?.() ?? null;
      if (unavailable !== null) {
        throw new ServiceUnavailableException({ statusCode: 503, message: unavailable });
      }
      const body = await readBody(request, payload, bodyLimitOf(request, limits));
      const rawBody = body === OVER_LIMIT ? undefined : body;
      if (!(await verifier.verifySignature(rawBody, request.headers))) {
        if (rule.challenge) {
          void reply.header('www-authenticate', rule.challenge);
        }
        throw new UnauthorizedException(rule.refusal);
      }
      if (rawBody === undefined) {
        throw tooLarge();
      }
      (request as FastifyRequest & { rawBody?: Buffer }).rawBody = rawBody;
      return Readable.from([rawBody]);
    };
    appendRouteHook(route, 'preParsing', check);
  });
}
