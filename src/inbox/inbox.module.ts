import { Module } from '@nestjs/common';
import { StaticAssets } from 'src/common/http/static-assets';
import { InboxController } from 'src/inbox/inbox.controller';
import { INBOX_ASSETS, INBOX_HTML, inboxAssetSources, readInboxHtml } from 'src/inbox/inbox-assets';

// `GET /inbox`: one page whose scripts call the documented admin routes.
@Module({
  controllers: [InboxController],
  providers: [
    { provide: INBOX_HTML, useFactory: readInboxHtml },
    { provide: INBOX_ASSETS, useFactory: () => StaticAssets.load(inboxAssetSources()) },
  ],
})
export class InboxModule {}
