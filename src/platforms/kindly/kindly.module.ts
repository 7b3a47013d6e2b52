import { Module } from '@nestjs/common';
import { AnalysisModule } from 'src/analysis/analysis.module';
import { MessagesModule } from 'src/messages/messages.module';
import { KindlyAdapter } from 'src/platforms/kindly/kindly.adapter';
import { KindlyClient } from 'src/platforms/kindly/kindly.client';
import { KindlyController } from 'src/platforms/kindly/kindly.controller';
import { KindlyWebhookService } from 'src/platforms/kindly/kindly-webhook.service';
import { RepliesModule } from 'src/replies/replies.module';

@Module({
  imports: [MessagesModule, RepliesModule, AnalysisModule],
  controllers: [KindlyController],
  providers: [KindlyAdapter, KindlyClient, KindlyWebhookService],
})
export class KindlyModule {}
