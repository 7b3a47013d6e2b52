import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { serveStaticFiles } from 'src/common/http/static-assets';
import { InboxController } from 'src/inbox/inbox.controller';
import { INBOX_HTML, inboxFiles, readInboxHtml } from 'src/inbox/inbox-assets';

// `GET /inbox`: one page whose scripts call the documented admin routes.
@Module({
  controllers: [InboxController],
  providers: [{ provide: INBOX_HTML, useFactory: readInboxHtml }],
})
export class InboxModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    serveStaticFiles(this.adapterHost, inboxFiles());
  }
}
