import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnalyticsResult } from 'src/analysis/analytics-result.entity';
import { WebhookMessage } from 'src/messages/webhook-message.entity';
import { OutboundMessage } from 'src/replies/outbound-message.entity';
import { AgentRouting } from 'src/routing/agent-routing.entity';
import { StatsCache } from 'src/stats/stats-cache';
import { StatsController } from 'src/stats/stats.controller';
import { StatsRepository } from 'src/stats/stats.repository';
import { StatsService } from 'src/stats/stats.service';
import { StatsWorkerClient } from 'src/stats/stats-worker.client';

@Module({
  imports: [
    TypeOrmModule.forFeature([WebhookMessage, AnalyticsResult, AgentRouting, OutboundMessage]),
  ],
  controllers: [StatsController],
  providers: [StatsService, StatsRepository, StatsCache, StatsWorkerClient],
  exports: [StatsService],
})
export class StatsModule {}
