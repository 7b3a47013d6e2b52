import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from 'src/config/app-config';

// A bot other than KORE_BOT_ID, when it is set, is unknown here: 404, as BotKit answers an
// unknown event. (Authentication ran before: `SignedBy(KoreBotkitAdapter)`.)
@Injectable()
export class KoreBotkitGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const { botId } = request.params as { botId?: string };
    const expectedBotId = this.config.kore.botId;
    if (expectedBotId && botId !== expectedBotId) {
      throw new NotFoundException('unknown bot');
    }
    return true;
  }
}
