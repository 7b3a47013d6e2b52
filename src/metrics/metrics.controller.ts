import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { contentType } from 'prom-client';
import { GatewayMetrics } from 'src/metrics/gateway-metrics';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: GatewayMetrics) {}

  @Get()
  @Header('content-type', contentType)
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics of this instance' })
  @ApiProduces(contentType)
  @ApiOkResponse({
    description: 'Prometheus text exposition format; every metric name starts with `gateway_`',
    schema: { type: 'string', example: 'gateway_messages_received_total{platform="whatsapp"} 12' },
  })
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
