import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';

// Longer than a healthy round trip, shorter than a load balancer's probe timeout.
const DATABASE_PING_TIMEOUT_MS = 1500;

export interface LivenessResult {
  status: 'ok';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  // Terminus reports a failed ping as `down` without the driver's message, so no host or URL leaks.
  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: DATABASE_PING_TIMEOUT_MS }),
    ]);
  }

  // Liveness must not depend on the database: a database outage should not get the process restarted.
  @Get('live')
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { example: 'ok' } } } })
  live(): LivenessResult {
    return { status: 'ok' };
  }
}
