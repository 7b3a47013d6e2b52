import { Module } from '@nestjs/common';
import { AnalysisModule } from 'src/analysis/analysis.module';
import { MessagesModule } from 'src/messages/messages.module';
import { KoreAdapter } from 'src/platforms/kore/kore.adapter';
import { KoreBotkitAdapter } from 'src/platforms/kore/kore-botkit.adapter';
import { KoreBotkitController } from 'src/platforms/kore/kore-botkit.controller';
import { KoreBotkitGuard } from 'src/platforms/kore/kore-botkit.guard';
import { KoreBotkitService } from 'src/platforms/kore/kore-botkit.service';
import { KoreClient } from 'src/platforms/kore/kore.client';
import { KoreController } from 'src/platforms/kore/kore.controller';
import { KoreWebhookService } from 'src/platforms/kore/kore-webhook.service';
import { RepliesModule } from 'src/replies/replies.module';

@Module({
  imports: [MessagesModule, RepliesModule, AnalysisModule],
  controllers: [KoreController, KoreBotkitController],
  providers: [
    KoreAdapter,
    KoreBotkitAdapter,
    KoreWebhookService,
    KoreBotkitService,
    KoreBotkitGuard,
    KoreClient,
  ],
})
export class KoreModule {}
