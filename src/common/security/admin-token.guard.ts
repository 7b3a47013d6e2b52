import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { constantTimeEqual } from 'src/common/security/constant-time-equal';
import { AppConfig } from 'src/config/app-config';

const BEARER = /^Bearer[ \t]+(.+)$/i;

/**
 * Admin routes (`/messages/*`, `/admin/*`): `Authorization: Bearer <ADMIN_API_TOKEN>`. Without a
 * configured token the admin API is off (503), so a forgotten variable never opens it.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.security.adminApiToken;
    if (!expected) {
      throw new ServiceUnavailableException({ statusCode: 503, message: 'admin API disabled' });
    }
    const http = context.switchToHttp();
    const header = http.getRequest<FastifyRequest>().headers.authorization;
    const given = typeof header === 'string' ? BEARER.exec(header)?.[1].trim() : undefined;
    if (given === undefined || !constantTimeEqual(given, expected)) {
      void http.getResponse<FastifyReply>().header('www-authenticate', 'Bearer realm="admin"');
      // Generic on purpose: never says whether a token was given or how it differed.
      throw new UnauthorizedException('invalid or missing admin credentials');
    }
    return true;
  }
}
