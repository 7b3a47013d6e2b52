import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StaticFiles } from 'src/common/http/static-assets';

export const DASHBOARD_HTML = Symbol('DashboardHtml');

// The page's own files sit next to this module (the build copies `public/`); Chart.js comes from
// node_modules, so the page works without internet access.
const PUBLIC_DIR = join(__dirname, 'public');

export function dashboardFiles(): StaticFiles {
  return {
    urlPrefix: '/dashboard/assets/',
    files: {
      // chart.js exports no subpaths: its UMD build sits beside the CommonJS entry point.
      'chart.umd.min.js': dirname(require.resolve('chart.js')),
      'dashboard.js': PUBLIC_DIR,
      'dashboard.css': PUBLIC_DIR,
    },
    cacheControl: 'no-cache',
  };
}

export function readDashboardHtml(): string {
  return readFileSync(join(PUBLIC_DIR, 'dashboard.html'), 'utf8');
}
