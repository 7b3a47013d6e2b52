import type { AddressInfo } from 'node:net';

// Helpers for the servers the bench forks: options come as JSON in argv, readiness goes back over
// the IPC channel, and a server never outlives the bench that started it.

export interface ReadyMessage {
  kind: 'ready';
  port: number;
}

export function childOptions<T>(): T {
  const raw = process.argv[2];
  if (raw === undefined) {
    throw new Error('expected the server options as JSON in argv[2]');
  }
  return JSON.parse(raw) as T;
}

export function announceReady(address: AddressInfo | string | null): void {
  if (address === null || typeof address === 'string') {
    throw new Error('expected a TCP address');
  }
  const message: ReadyMessage = { kind: 'ready', port: address.port };
  process.send?.(message);
}

export function closeWithParent(close: () => Promise<void>): void {
  let isClosing = false;
  const stop = (): void => {
    if (isClosing) {
      return;
    }
    isClosing = true;
    const timer = setTimeout(() => process.exit(0), 3000);
    timer.unref();
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The bench died without stopping us.
  process.on('disconnect', stop);
}
