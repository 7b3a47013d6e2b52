import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';

@Injectable()
export class LifecycleLogger implements OnApplicationShutdown {
  private readonly logger = new Logger('Gateway');

  onApplicationShutdown(signal?: string): void {
    this.logger.log({ signal: signal ?? null }, 'gateway stopped');
  }
}
