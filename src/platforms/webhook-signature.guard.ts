import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  SetMetadata,
  type Type,
  UnauthorizedException,
} from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { PlatformAdapter } from 'src/platforms/platform-adapter';

const SIGNED_BY = Symbol('signedBy');

export const SignedBy = (
  adapter: Type<PlatformAdapter<unknown>>,
): MethodDecorator & ClassDecorator => SetMetadata(SIGNED_BY, adapter);

@Injectable()
export class WebhookSignatureGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const adapterType = this.reflector.getAllAndOverride<Type<PlatformAdapter<unknown>>>(
      SIGNED_BY,
      [context.getHandler(), context.getClass()],
    );
    if (!adapterType) {
      throw new Error('WebhookSignatureGuard needs @SignedBy(adapter) on the route');
    }
    const adapter = this.moduleRef.get(adapterType, { strict: false });
    const request = context.switchToHttp().getRequest<FastifyRequest & { rawBody?: Buffer }>();
    if (!adapter.verifySignature(request.rawBody, request.headers)) {
      // Generic on purpose: never hint at the expected value.
      throw new UnauthorizedException('invalid or missing webhook credentials');
    }
    return true;
  }
}
