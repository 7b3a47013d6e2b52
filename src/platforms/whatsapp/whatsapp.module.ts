import { Module } from '@nestjs/common';
import { MessagesModule } from 'src/messages/messages.module';
import { WebhookSignatureGuard } from 'src/platforms/webhook-signature.guard';
import { IzerAdapter } from 'src/platforms/whatsapp/izer.adapter';
import { IzerController } from 'src/platforms/whatsapp/izer.controller';

@Module({
  imports: [MessagesModule],
  controllers: [IzerController],
  providers: [IzerAdapter, WebhookSignatureGuard],
})
export class WhatsappModule {}
