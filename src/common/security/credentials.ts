import type { Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import type { IncomingHttpHeaders } from 'node:http';
import { addRouteConfig } from 'src/common/http/route-config';

/** Tells from a request's headers (and its raw body, where it is signed) who sent it. */
export interface CredentialsVerifier {
  verifySignature(
    rawBody: Buffer | undefined,
    headers: IncomingHttpHeaders,
  ): boolean | Promise<boolean>;
  /** Why the routes are closed to everyone (answered 503), or `null` while they are open. */
  unavailableReason?(): string | null;
}

export interface CredentialsRule {
  verifier: Type<CredentialsVerifier>;
  /** The 401's message: generic, never a hint at the expected value. */
  refusal: string;
  /** A `WWW-Authenticate` challenge sent with the 401. */
  challenge?: string;
}

// The key of the rule in a route's Fastify config, which the credentials hook reads.
const CREDENTIALS = 'credentials';

export function credentialsRuleOf(routeConfig: unknown): CredentialsRule | null {
  const rule = (routeConfig as Record<string, unknown> | undefined)?.[CREDENTIALS];
  return rule ? (rule as CredentialsRule) : null;
}

/**
 * The route's credentials are checked on the raw request, before its body is read as JSON (see
 * `registerCredentialsCheck`): a request without them is answered 401 whatever its body. On a
 * class, it applies to every route of the controller.
 */
export function RequiresCredentials(rule: CredentialsRule): ClassDecorator & MethodDecorator {
  const decorator = (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      addRouteConfig(descriptor.value as object, { [CREDENTIALS]: rule });
      return descriptor;
    }
    const prototype = (target as Type<unknown>).prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const method = Object.getOwnPropertyDescriptor(prototype, name)?.value as unknown;
      if (typeof method === 'function' && Reflect.hasMetadata(PATH_METADATA, method)) {
        addRouteConfig(method, { [CREDENTIALS]: rule });
      }
    }
    return undefined;
  };
  return decorator as ClassDecorator & MethodDecorator;
}
