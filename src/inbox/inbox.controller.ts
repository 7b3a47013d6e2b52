import { Controller, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PageRoute } from 'src/common/http/page-route.decorator';
import { INBOX_HTML } from 'src/inbox/inbox-assets';

// The page is public: it holds no data, and asks for the admin token before it reads any. Its
// scripts and styles under `/inbox/assets/` are static files (`InboxModule`).
@ApiTags('operations')
@Controller('inbox')
export class InboxController {
  constructor(@Inject(INBOX_HTML) private readonly html: string) {}

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
}
