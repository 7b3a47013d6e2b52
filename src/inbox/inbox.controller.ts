import { Controller, Get, Header, Inject, Param, StreamableFile } from '@nestjs/common';
import {
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { PAGE_CSP, type StaticAssets } from 'src/common/http/static-assets';
import { INBOX_ASSETS, INBOX_HTML } from 'src/inbox/inbox-assets';

// The page is public: it holds no data, and asks for the admin token before it reads any.
@ApiTags('operations')
@Controller('inbox')
export class InboxController {
  constructor(
    @Inject(INBOX_HTML) private readonly html: string,
    @Inject(INBOX_ASSETS) private readonly assets: StaticAssets,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', PAGE_CSP)
  @Header('x-content-type-options', 'nosniff')
  @Header('cache-control', 'no-cache')
  @ApiOperation({ summary: 'The operator’s triage inbox' })
  @ApiProduces('text/html')
  @ApiOkResponse({
    description:
      'Signs in with the admin token (kept in the tab’s sessionStorage), then lists messages ' +
      'through `GET /admin/messages`, opens one with `GET /messages/{id}`, corrects its triage ' +
      '(`PUT /admin/messages/{id}/triage`), shows `GET /admin/triage/evaluation` and replays ' +
      '(`POST /admin/messages/{id}/replay`)',
    schema: { type: 'string' },
  })
  page(): string {
    return this.html;
  }

  @Get('assets/:name')
  @Header('x-content-type-options', 'nosniff')
  @Header('cache-control', 'no-cache')
  @ApiExcludeEndpoint()
  asset(@Param('name') name: string): StreamableFile {
    return this.assets.stream(name);
  }
}
