import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

// The folder holding package.json: the same from `src/` under ts-node and from `dist/src/`, so
// data that ships beside the code (the triage corpus and model) is found either way.
export function projectRoot(from: string = __dirname): string {
  let folder = from;
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) {
      throw new Error(`no package.json above ${from}`);
    }
    folder = parent;
  }
  return folder;
}
