import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from 'src/config/app-config';
import { isValidKoreToken } from 'src/platforms/kore/kore-jwt';

// BotKit's authentication (Kore's `token` header: a JWT signed with the app's client secret whose
// `appId` is the client id), checked with `jose` before the body is trusted. A bot other than
// KORE_BOT_ID, when it is set, is unknown here: 404, as BotKit answers an unknown event.
@Injectable()
export class KoreBotkitGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!(await this.isAuthentic(request.headers.token))) {
      // Generic on purpose: never hint at the expected value.
      throw new UnauthorizedException('invalid or missing webhook credentials');
    }
    const { botId } = request.params as { botId?: string };
    const expectedBotId = this.config.kore.botId;
    if (expectedBotId && botId !== expectedBotId) {
      throw new NotFoundException('unknown bot');
    }
    return true;
  }

  private async isAuthentic(token: string | string[] | undefined): Promise<boolean> {
    const { clientId, clientSecret } = this.config.kore;
    if (!clientId || !clientSecret) {
      return this.config.security.isUnsignedWebhooksAllowed;
    }
    return typeof token === 'string' && isValidKoreToken(token, { clientId, clientSecret });
  }
}
