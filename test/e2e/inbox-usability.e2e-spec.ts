import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { WebhookMessage } from 'src/messages/webhook-message.entity';
import { MessageStatus } from 'src/core/message-status';
import { seedInboxTraffic } from 'test/factories/inbox-traffic.factory';
import { insertTriagedMessage } from 'test/factories/triaged-message.factory';
import { describeIfBrowser, launchChromium } from 'test/setup/chromium';
import {
  INBOX_ADMIN_TOKEN,
  InboxPage,
  type Listed,
  type OpenApiPaths,
  openApiPaths,
} from 'test/setup/inbox-page';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds } from 'test/setup/test-database';
import { waitFor } from 'test/setup/wait-for';

const PHONE_SCREENSHOT_PATH = join(__dirname, '..', '..', 'docs', 'inbox-phone.png');
const TOKEN_KEY = 'chat-triage-gateway.admin-token';
const ALL_STATES = 'received,analyzed,routed,replied,done,failed,dead';

const same = (a: number[], b: number[]): boolean => JSON.stringify(a) === JSON.stringify(b);
// What a datetime-local input holds: local time to the minute, as the page reads it back.
const localInput = (date: Date): string => {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
};

// Every control with no label, no aria-label and no text of its own.
const UNLABELLED_CONTROLS = `Array.from(document.querySelectorAll('input, select, textarea, button'))
  .filter((control) => !(control.labels && control.labels.length > 0)
    && !control.getAttribute('aria-label') && control.textContent.trim() === '')
  .map((control) => control.id || control.outerHTML)`;
const CONTROL_COUNT = "document.querySelectorAll('input, select, textarea, button').length";
const SIDEWAYS_OVERFLOW = 'document.documentElement.scrollWidth - window.innerWidth';
const FOCUSED_ROW_ID = "Number(document.activeElement.closest('li') ?.dataset.id)";
const FOCUS_OUTLINE = `(() => { const style = getComputedStyle(document.activeElement);
  return style.outlineStyle + ' ' + style.outlineWidth; })()`;
// Layout shifts from here on that no input caused (what Chrome's CLS counts).
const OBSERVE_SHIFTS = `window.shifts = []; new PerformanceObserver((entries) => {
  for (const entry of entries.getEntries()) {
    if (!entry.hadRecentInput) { window.shifts.push(entry.value); }
  }
}).observe({ type: 'layout-shift' });`;

describeIfBrowser('inbox-usability.e2e-spec')('GET /inbox: keyboard, screens, refresh', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  describe.each(testDatabaseKinds())('on %s', (kind) => {
    let database: TestDatabase;
    let app: TestApp;
    let inbox: InboxPage;
    let document: OpenApiPaths;

    beforeAll(async () => {
      database = await TestDatabase.create(kind);
      app = await TestApp.start(database, { ADMIN_API_TOKEN: INBOX_ADMIN_TOKEN });
      await seedInboxTraffic(app.dataSource);
      document = await openApiPaths(app);
    }, 120_000);

    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });

    beforeEach(async () => {
      inbox = await InboxPage.open(browser, app);
    });

    afterEach(async () => {
      expect(inbox.consoleErrors.filter((error) => !error.includes('401'))).toEqual([]);
      expect(inbox.strayRequests(document)).toEqual([]);
      await inbox.close();
    });

    it('should move through the list with the arrow keys, show the focus and open with Enter', async () => {
      await inbox.signIn();
      const ids = (await inbox.rows()).map((row) => row.id);
      await inbox.page.focus('#filters-reset');

      await inbox.page.keyboard.press('Tab');
      expect(await inbox.page.evaluate<number>(FOCUSED_ROW_ID)).toBe(ids[0]);
      expect(await inbox.page.evaluate<string>(FOCUS_OUTLINE)).toBe('solid 3px');
      await inbox.page.keyboard.press('ArrowDown');
      await inbox.page.keyboard.press('ArrowDown');
      expect(await inbox.page.evaluate<number>(FOCUSED_ROW_ID)).toBe(ids[2]);
      await inbox.page.keyboard.press('End');
      expect(await inbox.page.evaluate<number>(FOCUSED_ROW_ID)).toBe(ids[ids.length - 1]);
      await inbox.page.keyboard.press('Home');
      await inbox.page.keyboard.press('ArrowDown');
      await inbox.page.keyboard.press('ArrowUp');
      await inbox.page.keyboard.press('ArrowDown');
      expect(await inbox.page.evaluate<number>(FOCUSED_ROW_ID)).toBe(ids[1]);

      await inbox.afterDetailLoad(() => inbox.page.keyboard.press('Enter'));
      expect(await inbox.page.getAttribute('#detail', 'data-message-id')).toBe(String(ids[1]));
      expect(await inbox.page.evaluate<string>('document.activeElement.id')).toBe('detail-title');
      await inbox.page.keyboard.press('Escape');
      expect(await inbox.page.isVisible('#detail')).toBe(false);
      expect(await inbox.page.evaluate<number>(FOCUSED_ROW_ID)).toBe(ids[1]);
      await inbox.page.keyboard.press('Shift+Tab');
      expect(await inbox.page.evaluate<string>('document.activeElement.id')).toBe('filters-reset');
    });

    it('should label every control and fit 1280×800 with a message open', async () => {
      await inbox.signIn();
      await inbox.afterDetailLoad(() => inbox.page.click('#message-list li:first-child button'));

      expect(await inbox.page.evaluate<number>(CONTROL_COUNT)).toBeGreaterThan(60);
      expect(await inbox.page.evaluate<string[]>(UNLABELLED_CONTROLS)).toEqual([]);
      expect(await inbox.page.evaluate<number>(SIDEWAYS_OVERFLOW)).toBe(0);
      const list = await inbox.page.locator('.list-pane').boundingBox();
      const detail = await inbox.page.locator('#detail').boundingBox();
      expect((list?.x ?? 0) + (list?.width ?? 0)).toBeLessThanOrEqual(detail?.x ?? 0);
      expect((detail?.x ?? 0) + (detail?.width ?? 0)).toBeLessThanOrEqual(1280);
    });

    it('should work on a 390-px-wide screen, with a message over the list', async () => {
      await inbox.page.setViewportSize({ width: 390, height: 844 });
      await inbox.signIn();

      expect(await inbox.page.evaluate<number>(SIDEWAYS_OVERFLOW)).toBe(0);
      const row = await inbox.page.locator('#message-list li:first-child').boundingBox();
      expect(row?.width).toBeLessThanOrEqual(390);
      expect(await inbox.page.isVisible('#filter-priority')).toBe(true);
      if (kind === testDatabaseKinds()[0]) {
        mkdirSync(dirname(PHONE_SCREENSHOT_PATH), { recursive: true });
        await inbox.page.screenshot({ path: PHONE_SCREENSHOT_PATH });
      }

      await inbox.afterDetailLoad(() => inbox.page.click('#message-list li:first-child button'));
      expect(await inbox.page.locator('#detail').boundingBox()).toEqual({
        x: 0,
        y: 0,
        width: 390,
        height: 844,
      });
      expect(await inbox.page.evaluate<number>(SIDEWAYS_OVERFLOW)).toBe(0);
      await inbox.page.click('#detail-close');
      expect(await inbox.page.isVisible('#detail')).toBe(false);
    });

    it('should refresh every 15 s in place, keeping filters and scroll, with no layout shift', async () => {
      await inbox.page.clock.install();
      await inbox.signIn(
        INBOX_ADMIN_TOKEN,
        '?category=complaint,technical,support,sales,inquiry,general',
      );
      const before = await inbox.api<Listed>(`/admin/messages?status=failed&limit=5`);
      const failed = before.messages[0];
      await inbox.page.evaluate('window.scrollTo(0, 300)');
      const address = inbox.page.url();
      await inbox.page.evaluate(OBSERVE_SHIFTS);
      await app.dataSource
        .getRepository(WebhookMessage)
        .update(failed.id, { status: MessageStatus.Done });
      const { message: fresh } = await insertTriagedMessage(app.dataSource, {
        message: { text: 'Is the shop open today?' },
        analysis: { category: 'inquiry', priorityLevel: 'low' },
      });

      await inbox.afterCount('#message-list', 'refreshes', () => inbox.page.clock.runFor(15_000));
      await new Promise((resolve) => setTimeout(resolve, 300));

      expect(await inbox.page.evaluate<number[]>('window.shifts')).toEqual([]);
      expect(await inbox.page.evaluate<number>('window.scrollY')).toBe(300);
      expect(inbox.page.url()).toBe(address);
      const rows = await inbox.rows();
      expect(rows.find((row) => row.id === failed.id)?.state).toBe('done');
      expect(rows.some((row) => row.id === fresh.id)).toBe(false);
      expect(await inbox.text('#new-messages')).toBe('1 new or changed message: show it');
      const after = await inbox.api<Listed>('/admin/messages?limit=1');
      expect(await inbox.text('#open-high-count')).toBe(String(after.open_urgent.high));
      expect(after.open_urgent.high).toBe(before.open_urgent.high - 1);

      await inbox.afterListLoad(() => inbox.page.click('#new-messages'));
      expect((await inbox.rows())[0].id).toBe(fresh.id);
    });

    it('should search the text and a custom time range as the API does', async () => {
      await inbox.signIn();
      const shownIds = async (): Promise<number[]> => (await inbox.rows()).map((row) => row.id);
      const idsOf = async (query: string): Promise<number[]> =>
        (await inbox.api<Listed>(`/admin/messages?status=${ALL_STATES}&${query}`)).messages.map(
          (message) => message.id,
        );

      await inbox.page.fill('#filter-q', 'DUMAN');
      const found = await idsOf('q=DUMAN');
      expect(found).toHaveLength(1);
      await waitFor(shownIds, (ids) => same(ids, found), 'the rows that say "duman"');

      await inbox.page.fill('#filter-q', '');
      await inbox.page.selectOption('#filter-range', 'custom');
      const from = new Date(Date.now() - 40 * 60_000);
      const to = new Date(Date.now() - 5 * 60_000);
      await inbox.page.fill('#filter-from', localInput(from));
      await inbox.page.fill('#filter-to', localInput(to));
      await inbox.page.click('#filters button[type="submit"]');
      const between = await idsOf(
        `since=${new Date(localInput(from)).toISOString()}&until=${new Date(localInput(to)).toISOString()}`,
      );
      expect(between.length).toBeGreaterThan(2);
      await waitFor(shownIds, (ids) => same(ids, between), 'the rows received in the range');
      expect(inbox.page.url()).toContain('range=custom');
    });

    it('should go back to an empty sign-in form when a call answers 401', async () => {
      await inbox.signIn();
      await inbox.page.evaluate(`window.sessionStorage.setItem('${TOKEN_KEY}', 'revoked')`);

      await inbox.page.selectOption('#filter-priority', 'high');
      await inbox.page.waitForSelector('#sign-in-error:not([hidden])', { timeout: 20_000 });

      expect(await inbox.text('#sign-in-error')).toBe(
        'The admin token was refused. Sign in again.',
      );
      expect(await inbox.page.isVisible('#inbox-view')).toBe(false);
      expect(await inbox.page.$$('#message-list > li')).toHaveLength(0);
      expect(
        await inbox.page.evaluate<string | null>(`sessionStorage.getItem('${TOKEN_KEY}')`),
      ).toBeNull();
      expect(inbox.page.url()).toContain('priority=high');
    });

    it('should serve the page and its files offline, under a strict Content-Security-Policy', async () => {
      const response = await inbox.page.goto(`${app.url}/inbox`);
      await inbox.signIn();

      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      expect(response?.headers()['content-security-policy']).toContain("connect-src 'self'");
      const assets = new Set(
        inbox.requests.map((r) => r.url).filter((u) => u.includes('/assets/')),
      );
      expect(assets.size).toBe(10);
      expect(inbox.apiCalls().sort()).toEqual([
        'GET /admin/messages',
        'GET /admin/triage/evaluation',
      ]);
    });
  });
});
