import { Module } from '@nestjs/common';
import { MessagesModule } from 'src/messages/messages.module';
import { IzerAdapter } from 'src/platforms/whatsapp/izer.adapter';
import { IzerController } from 'src/platforms/whatsapp/izer.controller';
import { WhatsappWebhookService } from 'src/platforms/whatsapp/whatsapp-webhook.service';
import { WhatsappAdapter } from 'src/platforms/whatsapp/whatsapp.adapter';
import { WhatsappClient } from 'src/platforms/whatsapp/whatsapp.client';
import { WhatsappController } from 'src/platforms/whatsapp/whatsapp.controller';
import { RepliesModule } from 'src/replies/replies.module';

// İzer's flattened `POST /webhook` and Meta's Cloud API (`/webhooks/whatsapp`, Graph API replies).
@Module({
  imports: [MessagesModule, RepliesModule],
  controllers: [IzerController, WhatsappController],
  providers: [IzerAdapter, WhatsappAdapter, WhatsappClient, WhatsappWebhookService],
})
export class WhatsappModule {}
