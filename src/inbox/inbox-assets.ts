import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StaticAssetSource } from 'src/common/http/static-assets';

export const INBOX_ASSETS = Symbol('InboxAssets');
export const INBOX_HTML = Symbol('InboxHtml');

// The page's files sit next to this module (the build copies `public/`): no library, no CDN.
const PUBLIC_DIR = join(__dirname, 'public');
const SCRIPTS = [
  'inbox-format.js',
  'inbox-api.js',
  'inbox-row.js',
  'inbox-filters.js',
  'inbox-list.js',
  'inbox-detail.js',
  'inbox.js',
];
const STYLES = ['inbox.css', 'inbox-list.css', 'inbox-detail.css'];

export function inboxAssetSources(): StaticAssetSource[] {
  return [
    ...SCRIPTS.map((name) => ({
      name,
      path: join(PUBLIC_DIR, name),
      contentType: 'application/javascript; charset=utf-8',
    })),
    ...STYLES.map((name) => ({
      name,
      path: join(PUBLIC_DIR, name),
      contentType: 'text/css; charset=utf-8',
    })),
  ];
}

export function readInboxHtml(): string {
  return readFileSync(join(PUBLIC_DIR, 'inbox.html'), 'utf8');
}
