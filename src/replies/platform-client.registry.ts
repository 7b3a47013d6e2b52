import { Injectable } from '@nestjs/common';
import type { Platform } from 'src/core/inbound-message';
import type { PlatformClient } from 'src/replies/platform-client';

// Each platform module registers its client here when it starts, so replies never import
// a platform.
@Injectable()
export class PlatformClientRegistry {
  private readonly clients = new Map<Platform, PlatformClient>();

  register(client: PlatformClient): void {
    if (this.clients.has(client.platform)) {
      throw new Error(`a client for ${client.platform} is already registered`);
    }
    this.clients.set(client.platform, client);
  }

  find(platform: string): PlatformClient | null {
    return this.clients.get(platform as Platform) ?? null;
  }
}
