import { accessSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

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

export interface StaticFiles {
  // The URL folder, with its trailing slash: `/dashboard/assets/`.
  urlPrefix: string;
  // Each name served, and the folder it is read from. No other name is ever served.
  files: Readonly<Record<string, string>>;
  cacheControl: string;
}

/**
 * Files a page needs (its scripts, a library from node_modules), sent by `@fastify/static` (type,
 * length, ETag, ranges, HEAD). Each listed name is its own route, so any other name, `..`, an
 * encoded slash or a dotfile matches no route and gets the gateway's usual 404. A missing file
 * stops the boot instead of breaking the page later.
 */
export function serveStaticFiles(adapterHost: HttpAdapterHost, assets: StaticFiles): void {
  const entries = Object.entries(assets.files);
  for (const [name, folder] of entries) {
    accessSync(join(folder, name));
  }
  const fastify = adapterHost.httpAdapter.getInstance<FastifyInstance>();
  // In a plugin of its own: `reply.sendFile` is decorated there only, so several pages can each
  // register theirs.
  void fastify.register(async (scope) => {
    await scope.register(fastifyStatic, { serve: false, cacheControl: false });
    for (const [name, folder] of entries) {
      scope.get(`${assets.urlPrefix}${name}`, (_request, reply) =>
        reply
          .header('cache-control', assets.cacheControl)
          .header('x-content-type-options', 'nosniff')
          .sendFile(name, folder),
      );
    }
  });
}
