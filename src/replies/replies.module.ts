import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InstanceId } from 'src/queue/instance-id';
import { AdminOutboundController } from 'src/replies/admin-outbound.controller';
import { AdminOutboundService } from 'src/replies/admin-outbound.service';
import { OutboundMessage } from 'src/replies/outbound-message.entity';
import { OutboundMessageRepository } from 'src/replies/outbound-message.repository';
import { OutboundService } from 'src/replies/outbound.service';
import { PlatformClientRegistry } from 'src/replies/platform-client.registry';
import { PlatformHttpClient } from 'src/replies/platform-http.client';
import { ProactiveController } from 'src/replies/proactive.controller';

// Platform modules import it to register their clients; the pipeline and the admin routes send
// through its one `OutboundService`; admins list and retry the sends that failed.
@Module({
  imports: [TypeOrmModule.forFeature([OutboundMessage])],
  controllers: [ProactiveController, AdminOutboundController],
  providers: [
    InstanceId,
    AdminOutboundService,
    PlatformClientRegistry,
    PlatformHttpClient,
    OutboundMessageRepository,
    OutboundService,
  ],
  exports: [
    InstanceId,
    PlatformClientRegistry,
    PlatformHttpClient,
    OutboundMessageRepository,
    OutboundService,
  ],
})
export class RepliesModule {}
