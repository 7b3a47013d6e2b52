import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { StatsResponseDto } from 'src/stats/stats.dto';
import { seedTraffic } from 'test/factories/traffic.factory';
import { describeIfBrowser, launchChromium } from 'test/setup/chromium';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds } from 'test/setup/test-database';

const SCREENSHOT_PATH = join(__dirname, '..', '..', 'docs', 'dashboard.png');
const RENDER_TIMEOUT_MS = 20_000;
const CHART_IDS = [
  'chart-volume',
  'chart-priority',
  'chart-category',
  'chart-urgency',
  'chart-routing',
  'chart-latency',
  'chart-outbound',
];
const RANGES = [
  { range: '1h', hours: 1 },
  { range: '24h', hours: 24 },
  { range: '7d', hours: 168 },
];

const describeInBrowser = describeIfBrowser('dashboard.e2e-spec');

interface CanvasState {
  id: string;
  isRendered: boolean;
  hasChart: boolean;
  width: number;
  height: number;
}

// Evaluated in the page (this project compiles without the DOM library, hence a string).
const CANVAS_STATES = `Array.from(document.querySelectorAll('canvas')).map((canvas) => ({
  id: canvas.id,
  isRendered: canvas.getAttribute('data-rendered') === 'true',
  hasChart: Boolean(window.Chart && window.Chart.getChart(canvas)),
  width: canvas.width,
  height: canvas.height,
}))`;

describeInBrowser('GET /dashboard in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  describe.each(testDatabaseKinds())('on %s', (kind) => {
    let db: TestDatabase;
    let app: TestApp;
    let page: Page;
    let consoleErrors: string[];
    let requestedUrls: string[];

    const stats = async (hours: number): Promise<StatsResponseDto> =>
      (await (await app.get(`/stats?hours=${hours}`)).json()) as StatsResponseDto;

    const openDashboard = async (query = ''): Promise<void> => {
      await page.goto(`${app.url}/dashboard${query}`);
      await page.waitForSelector('body[data-rendered="true"]', { timeout: RENDER_TIMEOUT_MS });
    };

    const text = async (selector: string): Promise<string> =>
      ((await page.textContent(selector)) ?? '').trim();

    beforeAll(async () => {
      db = await TestDatabase.create(kind);
      app = await TestApp.start(db);
      await seedTraffic(app.dataSource, { now: new Date(), hours: 24 * 8 });
    }, 60_000);

    afterAll(async () => {
      await app?.close();
      await db?.drop();
    });

    beforeEach(async () => {
      page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      consoleErrors = [];
      requestedUrls = [];
      page.on('console', (message) => {
        if (message.type() === 'error') {
          consoleErrors.push(message.text());
        }
      });
      page.on('pageerror', (error) => consoleErrors.push(error.message));
      page.on('request', (request) => requestedUrls.push(request.url()));
    });

    afterEach(async () => {
      await page?.close();
    });

    it('should draw every chart and show the totals that /stats counts', async () => {
      await openDashboard();
      await page.waitForSelector('body[data-loaded-range="24h"]');

      const canvases = await page.evaluate<CanvasState[]>(CANVAS_STATES);
      expect(canvases.map((canvas) => canvas.id).sort()).toEqual([...CHART_IDS].sort());
      for (const canvas of canvases) {
        expect(canvas).toMatchObject({ isRendered: true, hasChart: true });
        expect(canvas.width).toBeGreaterThan(100);
        expect(canvas.height).toBeGreaterThan(100);
      }
      const expected = await stats(24);
      expect(expected.messages.total).toBeGreaterThan(100);
      expect(await text('#total-messages')).toBe(String(expected.messages.total));
      expect(await text('#failed-messages')).toBe(String(expected.messages.by_status.failed ?? 0));
      expect(await text('#dead-messages')).toBe(String(expected.messages.by_status.dead ?? 0));
      expect(await text('#average-urgency')).toBe(expected.analysis.average_urgency?.toFixed(2));
      expect(await text('#outbound-total')).toBe(String(expected.outbound.total));
      expect(consoleErrors).toEqual([]);

      if (kind === testDatabaseKinds()[0]) {
        mkdirSync(dirname(SCREENSHOT_PATH), { recursive: true });
        await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });
      }
    }, 60_000);

    it('should switch between 1 h, 24 h and 7 d and show the totals of each window', async () => {
      await openDashboard();

      for (const { range, hours } of RANGES) {
        await page.click(`button[data-range="${range}"]`);
        await page.waitForSelector(`body[data-loaded-range="${range}"]`, {
          timeout: RENDER_TIMEOUT_MS,
        });

        expect(await page.getAttribute(`button[data-range="${range}"]`, 'aria-pressed')).toBe(
          'true',
        );
        expect(await text('#total-messages')).toBe(String((await stats(hours)).messages.total));
      }
      expect(page.url()).toContain('range=7d');
    }, 60_000);

    it('should open on the window named in the address', async () => {
      await openDashboard('?range=1h');
      await page.waitForSelector('body[data-loaded-range="1h"]');

      expect(await text('#window-label')).toBe('Last hour');
      expect(await text('#total-messages')).toBe(String((await stats(1)).messages.total));
    }, 60_000);

    it('should load everything from the gateway itself and break no Content-Security-Policy rule', async () => {
      const response = await page.goto(`${app.url}/dashboard`);
      await page.waitForSelector('body[data-rendered="true"]', { timeout: RENDER_TIMEOUT_MS });

      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      expect(requestedUrls.length).toBeGreaterThanOrEqual(4);
      expect(requestedUrls.filter((url) => !url.startsWith(app.url))).toEqual([]);
      expect(requestedUrls).toContain(`${app.url}/dashboard/assets/chart.umd.min.js`);
      expect(consoleErrors).toEqual([]);
    }, 60_000);

    it('should show the API documentation offline', async () => {
      await page.goto(`${app.url}/docs`);
      await page.waitForSelector('.swagger-ui .opblock', { timeout: RENDER_TIMEOUT_MS });

      expect(await page.locator('.swagger-ui .opblock').count()).toBeGreaterThan(15);
      expect(requestedUrls.filter((url) => !url.startsWith(app.url))).toEqual([]);
      expect(consoleErrors).toEqual([]);
    }, 60_000);
  });
});
