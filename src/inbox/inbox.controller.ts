import { Controller, Inject, Param, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PageAssetRoute, PageRoute } from 'src/common/http/page-route.decorator';
import type { StaticAssets } from 'src/common/http/static-assets';
import { INBOX_ASSETS, INBOX_HTML } from 'src/inbox/inbox-assets';

// The page is public: it holds no data, and asks for the admin token before it reads any.
@ApiTags('operations')
@Controller('inbox')
export class InboxController {
  constructor(
    @Inject(INBOX_HTML) private readonly html: string,
    @Inject(INBOX_ASSETS) private readonly assets: StaticAssets,
  ) {}

  @PageRoute(
    'The operator’s triage inbox',
    'Signs in with the admin token (kept in the tab’s sessionStorage), then lists messages ' +
      'through `GET /admin/messages`, opens one with `GET /messages/{id}`, corrects its triage ' +
      '(`PUT /admin/messages/{id}/triage`), shows `GET /admin/triage/evaluation` and replays ' +
      '(`POST /admin/messages/{id}/replay`)',
  )
  page(): string {
    return this.html;
  }

  @PageAssetRoute()
  asset(@Param('name') name: string): StreamableFile {
    return this.assets.stream(name);
  }
}
