import { readFileSync } from 'node:fs';
import { NotFoundException, StreamableFile } from '@nestjs/common';

// The gateway's own pages (the dashboard, the inbox): scripts, styles and data only from the
// gateway itself; nothing inline, nothing evaluated, no other origin.
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

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

  // The answer of an asset route: the file, or a 404 for any name not loaded at boot.
  stream(name: string): StreamableFile {
    const asset = this.files.get(name);
    if (!asset) {
      throw new NotFoundException('unknown asset');
    }
    return new StreamableFile(asset.body, { type: asset.contentType, length: asset.body.length });
  }
}
