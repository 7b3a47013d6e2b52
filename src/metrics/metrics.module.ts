import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookMessage } from 'src/messages/webhook-message.entity';
import { GatewayMetrics } from 'src/metrics/gateway-metrics';
import { MetricsController } from 'src/metrics/metrics.controller';
import { MetricsRepository } from 'src/metrics/metrics.repository';
import { OutboundMessage } from 'src/replies/outbound-message.entity';

// Global so every feature can report to the one `GatewayMetrics` of the app. Services inject it
// `@Optional()`: test modules built without this module keep working.
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([WebhookMessage, OutboundMessage])],
  controllers: [MetricsController],
  providers: [GatewayMetrics, MetricsRepository],
  exports: [GatewayMetrics],
})
export class MetricsModule {}
