import { Global, Module } from '@nestjs/common';
import { GatewayMetrics } from 'src/metrics/gateway-metrics';
import { MetricsController } from 'src/metrics/metrics.controller';
import { MetricsRepository } from 'src/metrics/metrics.repository';

// Global so every feature can report to the one `GatewayMetrics` of the app. Services inject it
// `@Optional()`: test modules built without this module keep working.
@Global()
@Module({
  controllers: [MetricsController],
  providers: [GatewayMetrics, MetricsRepository],
  exports: [GatewayMetrics],
})
export class MetricsModule {}
