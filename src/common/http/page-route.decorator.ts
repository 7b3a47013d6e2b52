import { applyDecorators, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { PAGE_CSP } from 'src/common/http/static-assets';

// A page the gateway serves itself (the dashboard, the inbox): HTML under the pages' one
// Content-Security-Policy, never cached without asking.
export function PageRoute(summary: string, description: string): MethodDecorator {
  return applyDecorators(
    Get(),
    Header('content-type', 'text/html; charset=utf-8'),
    Header('content-security-policy', PAGE_CSP),
    Header('x-content-type-options', 'nosniff'),
    Header('cache-control', 'no-cache'),
    ApiOperation({ summary }),
    ApiProduces('text/html'),
    ApiOkResponse({ description, schema: { type: 'string' } }),
  );
}
