import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnalysisModule } from 'src/analysis/analysis.module';
import { IngestMessageService } from 'src/messages/ingest-message.service';
import { MessageHistory } from 'src/messages/message-history.entity';
import { MessageRepository } from 'src/messages/message.repository';
import { WebhookMessage } from 'src/messages/webhook-message.entity';
import { RoutingModule } from 'src/routing/routing.module';

@Module({
  imports: [
    TypeOrmModule.forFeature([WebhookMessage, MessageHistory]),
    AnalysisModule,
    RoutingModule,
  ],
  providers: [MessageRepository, IngestMessageService],
  exports: [IngestMessageService, MessageRepository],
})
export class MessagesModule {}
