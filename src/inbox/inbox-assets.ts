import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StaticFiles } from 'src/common/http/static-assets';

export const INBOX_HTML = Symbol('InboxHtml');

// The page's files sit next to this module (the build copies `public/`): no library, no CDN.
const PUBLIC_DIR = join(__dirname, 'public');
const FILES = [
  'inbox-format.js',
  'inbox-api.js',
  'inbox-row.js',
  'inbox-filters.js',
  'inbox-list.js',
  'inbox-detail.js',
  'inbox.js',
  'inbox.css',
  'inbox-list.css',
  'inbox-detail.css',
];

export function inboxFiles(): StaticFiles {
  return {
    urlPrefix: '/inbox/assets/',
    files: Object.fromEntries(FILES.map((name) => [name, PUBLIC_DIR])),
    cacheControl: 'no-cache',
  };
}

export function readInboxHtml(): string {
  return readFileSync(join(PUBLIC_DIR, 'inbox.html'), 'utf8');
}
