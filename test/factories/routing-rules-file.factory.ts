import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the tests of one describe block write their ROUTING_RULES_FILE. */
export interface RoutingRulesFiles {
  /** The current test's own directory: made before the test, removed after it. */
  readonly directory: string;
  /** Writes `content` to `rules.json` in `directory` and returns the file's path. */
  write(content: string): string;
}

/** Registers `beforeEach`/`afterEach` hooks in the calling describe block; call it there. */
export function useRoutingRulesFiles(prefix: string): RoutingRulesFiles {
  let directory = '';

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), prefix));
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  return {
    get directory(): string {
      return directory;
    },
    write(content: string): string {
      const path = join(directory, 'rules.json');
      writeFileSync(path, content);
      return path;
    },
  };
}
