import { readFileSync } from 'node:fs';

// A file, or a body built in code.
export type StaticAssetSource = {
  // The name in the URL; only these names are ever served.
  name: string;
  contentType: string;
} & ({ path: string } | { body: string });

export interface StaticAsset {
  body: Buffer;
  contentType: string;
}

// Files a page needs (its script, a library from node_modules), read once at boot: a missing file
// stops the boot instead of breaking the page later, and a request never touches the file system.
export class StaticAssets {
  private constructor(private readonly files: ReadonlyMap<string, StaticAsset>) {}

  static load(sources: readonly StaticAssetSource[]): StaticAssets {
    return new StaticAssets(
      new Map(
        sources.map((source) => [
          source.name,
          {
            body: 'path' in source ? readFileSync(source.path) : Buffer.from(source.body, 'utf8'),
            contentType: source.contentType,
          },
        ]),
      ),
    );
  }

  find(name: string): StaticAsset | undefined {
    return this.files.get(name);
  }
}
