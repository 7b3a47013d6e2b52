import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnalysisModule } from 'src/analysis/analysis.module';
import { AdminMessagesController } from 'src/messages/admin-messages.controller';
import { AdminMessagesService } from 'src/messages/admin-messages.service';
import { AgentWaitList } from 'src/messages/agent-wait-list';
import { IngestMessageService } from 'src/messages/ingest-message.service';
import { MessageDetailController } from 'src/messages/message-detail.controller';
import { MessageDetailService } from 'src/messages/message-detail.service';
import { MessageHistory } from 'src/messages/message-history.entity';
import { MessageHistoryRepository } from 'src/messages/message-history.repository';
import { MessageListRepository } from 'src/messages/message-list.repository';
import { MessagePipeline } from 'src/messages/message-pipeline';
import { MessageProcessor } from 'src/messages/message-processor';
import { MessageStagesService } from 'src/messages/message-stages.service';
import { MessageStoreRepository } from 'src/messages/message-store.repository';
import { MessageRepository } from 'src/messages/message.repository';
import { WebhookMessage } from 'src/messages/webhook-message.entity';
import { RepliesModule } from 'src/replies/replies.module';
import { RoutingModule } from 'src/routing/routing.module';

@Module({
  imports: [
    TypeOrmModule.forFeature([WebhookMessage, MessageHistory]),
    AnalysisModule,
    RoutingModule,
    RepliesModule,
  ],
  controllers: [MessageDetailController, AdminMessagesController],
  providers: [
    MessageRepository,
    MessageStoreRepository,
    MessageHistoryRepository,
    MessageStagesService,
    MessageProcessor,
    MessagePipeline,
    AgentWaitList,
    IngestMessageService,
    AdminMessagesService,
    MessageListRepository,
    MessageDetailService,
  ],
  exports: [IngestMessageService, MessageRepository, MessagePipeline],
})
export class MessagesModule {}
