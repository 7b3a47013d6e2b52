import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RoutingRulesFiles {
  // Made before each test, removed after it.
  readonly directory: string;
  write(content: string): string;
}

// Registers `beforeEach`/`afterEach` hooks, so call it inside the describe block.
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
