import { Module } from '@nestjs/common';
import { MessagesModule } from 'src/messages/messages.module';
import { UserlikeAdapter } from 'src/platforms/userlike/userlike.adapter';
import { UserlikeClient } from 'src/platforms/userlike/userlike.client';
import { UserlikeController } from 'src/platforms/userlike/userlike.controller';
import { RepliesModule } from 'src/replies/replies.module';

@Module({
  imports: [MessagesModule, RepliesModule],
  controllers: [UserlikeController],
  providers: [UserlikeAdapter, UserlikeClient],
})
export class UserlikeModule {}
