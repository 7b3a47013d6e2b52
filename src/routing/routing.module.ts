import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from 'src/config/app-config';
import { AgentRouting } from 'src/routing/agent-routing.entity';
import { AgentRoutingRepository } from 'src/routing/agent-routing.repository';
import { AgentServiceClient } from 'src/routing/agent-service.client';
import { RoutingService } from 'src/routing/routing.service';
import { loadRoutingRules, ROUTING_RULES } from 'src/routing/routing-rules';

@Module({
  imports: [TypeOrmModule.forFeature([AgentRouting])],
  providers: [
    {
      provide: ROUTING_RULES,
      inject: [AppConfig],
      // Throws on a bad ROUTING_RULES_FILE, which stops the boot with the file and the problems.
      useFactory: (config: AppConfig) => loadRoutingRules(config.agents.rulesFile),
    },
    AgentServiceClient,
    AgentRoutingRepository,
    RoutingService,
  ],
  exports: [RoutingService, AgentRoutingRepository],
})
export class RoutingModule {}
