import { BOOT_TIMEOUT_MS } from 'test/setup/admin-api';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, type TestDatabaseKind } from 'test/setup/test-database';

// An app or harness a suite boots once on a database of one kind.
export interface SuiteFixture {
  start(kind: TestDatabaseKind): Promise<void>;
  // Brings it back to where each test starts; optional.
  reset?(): Promise<void>;
  stop(): Promise<void>;
}

// Registers the hooks the app suites share: boot before the suite, reset before each test,
// shut down after the suite. The fixture exists from the first test on.
export function useSuiteFixture<T extends SuiteFixture>(
  fixture: T,
  kind: TestDatabaseKind,
  bootTimeoutMs = BOOT_TIMEOUT_MS,
): T {
  beforeAll(() => fixture.start(kind), bootTimeoutMs);
  beforeEach(async () => {
    await fixture.reset?.();
  });
  afterAll(() => fixture.stop());
  return fixture;
}

// The gateway with only `env` added to its environment (by default no ADMIN_API_TOKEN), booted once per
// suite on a fresh database of `kind`; `sut` exists from the first test on.
export function useTestApp(
  kind: TestDatabaseKind,
  env: Record<string, string> = {},
): { readonly sut: TestApp } {
  let database: TestDatabase | undefined;
  let sut: TestApp | undefined;
  beforeAll(async () => {
    database = await TestDatabase.create(kind);
    sut = await TestApp.start(database, env);
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await sut?.close();
    await database?.drop();
  });
  return {
    get sut(): TestApp {
      if (!sut) {
        throw new Error('the test app is not booted yet');
      }
      return sut;
    },
  };
}
