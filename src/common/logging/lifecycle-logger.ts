import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';

/** Tells operators that a shutdown finished cleanly (connections closed, in-flight work done). */
@Injectable()
export class LifecycleLogger implements OnApplicationShutdown {
  private readonly logger = new Logger('Gateway');

  onApplicationShutdown(signal?: string): void {
    this.logger.log({ signal: signal ?? null }, 'gateway stopped');
  }
}
