import { OutboundService } from 'src/replies/outbound.service';
import type { StubHttpServer, StubResponse } from 'test/setup/stub-http-server';
import type { TestApp } from 'test/setup/test-app';
import { truncateAll } from 'test/setup/test-database';

// What the stand-in Kore API answers an accepted send with.
export const KORE_ACCEPTED: StubResponse = {
  status: 200,
  body: { _id: 'ds-1', status: 'IN_PROGRESS' },
};

// Where each Kore suite's test starts: nothing in flight, empty tables, a Kore API stand-in
// with no requests that accepts every send.
export async function resetKoreSuite(sut: TestApp, kore: StubHttpServer): Promise<void> {
  await sut.app.get(OutboundService).whenIdle();
  await truncateAll(sut.dataSource);
  kore.reset();
  kore.respondWith(() => KORE_ACCEPTED);
}

// Kore's 429 (Retry-After: 0) to the first request, `then` to every later one.
export const rateLimitedOnce = (kore: StubHttpServer, then: StubResponse) => (): StubResponse =>
  kore.requests.length === 1
    ? {
        status: 429,
        body: { errors: [{ msg: 'Too Many requests', code: 429 }] },
        headers: { 'retry-after': '0' },
      }
    : then;
