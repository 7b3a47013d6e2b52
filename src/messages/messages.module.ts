import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnalysisModule } from 'src/analysis/analysis.module';
import { AdminMessagesController } from 'src/messages/admin-messages.controller';
import { AdminMessagesService } from 'src/messages/admin-messages.service';
import { AgentWaitList } from 'src/messages/agent-wait-list';
import { IngestMessageService } from 'src/messages/ingest-message.service';
import { InstanceId } from 'src/messages/instance-id';
import { MessagePipeline } from 'src/messages/message-pipeline';
import { MessageProcessor } from 'src/messages/message-processor';
import { MessageDetailController } from 'src/messages/message-detail.controller';
import { MessageDetailRepository } from 'src/messages/message-detail.repository';
import { MessageDetailService } from 'src/messages/message-detail.service';
import { MessageListRepository } from 'src/messages/message-list.repository';
import { MessageHistory } from 'src/messages/message-history.entity';
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
    InstanceId,
    MessageProcessor,
    MessagePipeline,
    AgentWaitList,
    IngestMessageService,
    AdminMessagesService,
    MessageListRepository,
    MessageDetailRepository,
    MessageDetailService,
  ],
  exports: [IngestMessageService, MessageRepository, MessagePipeline],
})
export class MessagesModule {}
