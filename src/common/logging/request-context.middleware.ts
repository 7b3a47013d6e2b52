import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestContext } from 'src/common/logging/request-context';
import { requestIdFrom } from 'src/common/logging/request-id';

@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(req: IncomingMessage & { id?: unknown }, res: ServerResponse, next: () => void): void {
    const requestId = typeof req.id === 'string' ? req.id : requestIdFrom(req.headers);
    res.setHeader('x-request-id', requestId);
    RequestContext.run(requestId, next);
  }
}
