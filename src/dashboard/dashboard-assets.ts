import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StaticAssetSource } from 'src/common/http/static-assets';

export const DASHBOARD_ASSETS = Symbol('DashboardAssets');
export const DASHBOARD_HTML = Symbol('DashboardHtml');

// The page's own files sit next to this module (the build copies `public/`); Chart.js comes from
// node_modules, so the page works without internet access.
const PUBLIC_DIR = join(__dirname, 'public');

export function dashboardAssetSources(): StaticAssetSource[] {
  return [
    {
      name: 'chart.umd.min.js',
      // chart.js exports no subpaths: its UMD build sits beside the CommonJS entry point.
      path: join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
      contentType: 'application/javascript; charset=utf-8',
    },
    {
      name: 'dashboard.js',
      path: join(PUBLIC_DIR, 'dashboard.js'),
      contentType: 'application/javascript; charset=utf-8',
    },
    {
      name: 'dashboard.css',
      path: join(PUBLIC_DIR, 'dashboard.css'),
      contentType: 'text/css; charset=utf-8',
    },
  ];
}

export function readDashboardHtml(): string {
  return readFileSync(join(PUBLIC_DIR, 'dashboard.html'), 'utf8');
}
