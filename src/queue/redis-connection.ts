import type { ConnectionOptions } from 'bullmq';

/** ioredis options from `REDIS_URL` (`redis://[user:password@]host:port[/db]`, `rediss://` for TLS). */
export function redisConnectionFrom(redisUrl: string): ConnectionOptions {
  const url = new URL(redisUrl);
  const db = url.pathname.replace(/^\//, '');
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 6379,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: db ? Number(db) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    // BullMQ's workers wait on blocking commands; they must not give up on a slow reconnect.
    maxRetriesPerRequest: null,
    // Reconnect at most every 2 s while Redis is away.
    retryStrategy: (times: number) => Math.min(2000, 50 * times),
  };
}
