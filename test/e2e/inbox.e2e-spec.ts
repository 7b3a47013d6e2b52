import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { SEEDED_PHONES, seedInboxTraffic } from 'test/factories/inbox-traffic.factory';
import { describeIfBrowser, launchChromium } from 'test/setup/chromium';
import {
  type Detail,
  type Evaluation,
  INBOX_ADMIN_TOKEN,
  InboxPage,
  type Listed,
  type OpenApiPaths,
  openApiPaths,
} from 'test/setup/inbox-page';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds } from 'test/setup/test-database';
import { waitFor } from 'test/setup/wait-for';

const SCREENSHOT_PATH = join(__dirname, '..', '..', 'docs', 'inbox.png');
const ALL_STATES = 'received,analyzed,routed,replied,done,failed,dead';

const digitsOf = (phone: string): string => phone.replace(/\D/g, '');

describeIfBrowser('inbox.e2e-spec')('GET /inbox in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  describe.each(testDatabaseKinds())('on %s', (kind) => {
    let database: TestDatabase;
    let agent: StubHttpServer;
    let app: TestApp;
    let inbox: InboxPage;
    let document: OpenApiPaths;

    beforeAll(async () => {
      agent = await StubHttpServer.start();
      agent.respondWith(() => ({ status: 200, body: {} }));
      database = await TestDatabase.create(kind);
      app = await TestApp.start(database, {
        ADMIN_API_TOKEN: INBOX_ADMIN_TOKEN,
        AGENT_GENERAL_PURPOSE_URL: agent.url,
        AGENT_BUSINESS_WORKFLOW_URL: agent.url,
        AGENT_CODE_DEBUGGER_URL: agent.url,
        AGENT_HUB_URL: agent.url,
      });
      await seedInboxTraffic(app.dataSource);
      document = await openApiPaths(app);
    }, 120_000);

    afterAll(async () => {
      await app?.close();
      await database?.drop();
      await agent?.stop();
    });

    beforeEach(async () => {
      inbox = await InboxPage.open(browser, app);
    });

    // Whatever a test clicked, the page called only documented routes of the gateway itself.
    afterEach(async () => {
      expect(inbox.consoleErrors.filter((error) => !error.includes('401'))).toEqual([]);
      expect(inbox.strayRequests(document)).toEqual([]);
      await inbox.close();
    });

    it('should show only the sign-in form without a token and refuse a wrong one', async () => {
      await inbox.goto();

      expect(await inbox.page.isVisible('#sign-in-form')).toBe(true);
      expect(await inbox.page.isVisible('#inbox-view')).toBe(false);
      expect(await inbox.page.$$('#message-list > li')).toHaveLength(0);
      expect(inbox.requests.filter((r) => r.url.includes('/admin/'))).toEqual([]);

      await inbox.signIn('not-the-admin-token');
      await inbox.page.waitForSelector('#sign-in-error:not([hidden])', { timeout: 20_000 });

      expect(await inbox.text('#sign-in-error')).toBe(
        'The admin token was refused. Sign in again.',
      );
      expect(await inbox.page.isVisible('#inbox-view')).toBe(false);
      expect(await inbox.page.evaluate<number>('window.sessionStorage.length')).toBe(0);
    });

    it('should list every message newest first as the API does, with phone numbers masked', async () => {
      await inbox.signIn();
      const expected = await inbox.api<Listed>(`/admin/messages?status=${ALL_STATES}&limit=50`);

      const rows = await inbox.rows();
      expect(rows.map((row) => row.id)).toEqual(expected.messages.map((message) => message.id));
      expect(rows.map((row) => row.time)).toEqual(expected.messages.map((m) => m.received_at));
      expect(rows.map((row) => row.priority)).toEqual(
        expected.messages.map((m) => m.analysis?.priority_level ?? 'not analysed'),
      );
      expect(rows.map((row) => row.state)).toEqual(expected.messages.map((m) => m.status));
      expect(new Set(expected.messages.map((m) => m.platform)).size).toBe(5);
      expect(await inbox.text('#open-critical-count')).toBe(String(expected.open_urgent.critical));
      expect(await inbox.text('#open-high-count')).toBe(String(expected.open_urgent.high));
      const derya = rows.find((row) => row.sender.startsWith('Derya Yılmaz'));
      expect(derya?.sender).toBe('Derya Yılmaz+••••••••4567');
      const page = (await inbox.visibleText()).replace(/[\s().-]/g, '');
      for (const phone of SEEDED_PHONES) {
        expect({ phone, isShown: page.includes(digitsOf(phone).slice(-7)) }).toEqual({
          phone,
          isShown: false,
        });
      }

      await inbox.afterListLoad(() => inbox.page.click('#load-more'));
      const all = await inbox.api<Listed>(`/admin/messages?status=${ALL_STATES}&limit=500`);
      expect((await inbox.rows()).map((row) => row.id)).toEqual(all.messages.map((m) => m.id));
    });

    it('should filter to critical, open a message and show what the API has on it', async () => {
      await inbox.signIn();
      await inbox.filter('filter-priority', 'critical');
      const expected = await inbox.api<Listed>(
        `/admin/messages?status=${ALL_STATES}&priority=critical&limit=50`,
      );

      const rows = await inbox.rows();
      expect(rows.map((row) => row.id)).toEqual(expected.messages.map((message) => message.id));
      expect(rows.length).toBeGreaterThanOrEqual(3);
      expect(new Set(rows.map((row) => row.priority))).toEqual(new Set(['critical']));
      expect(inbox.page.url()).toContain('priority=critical');

      const withReplies = expected.messages.find((m) => m.sender.name === 'Derya Yılmaz');
      const id = withReplies?.id ?? 0;
      await inbox.afterDetailLoad(() =>
        inbox.page.click(`#message-list li[data-id="${id}"] button`),
      );
      const detail = await inbox.api<Detail>(`/messages/${id}`);

      expect(await inbox.texts('#conversation .bubble-text')).toEqual(
        detail.history.map((line) => line.content),
      );
      expect(await inbox.page.$$('#conversation .from-customer')).toHaveLength(2);
      const analysis = detail.analysis;
      expect(await inbox.texts('#analysis dd')).toEqual([
        analysis?.priority_level,
        `${analysis?.urgency_score} / 10`,
        analysis?.category,
        analysis?.sentiment,
        analysis?.language,
        analysis?.analyzer,
        analysis?.model,
        'yes',
        'immediate',
        analysis?.keywords.join(''),
      ]);
      expect(await inbox.texts('#analysis .chip')).toEqual(analysis?.keywords);
      expect(await inbox.texts('#routing-attempts td.number')).toEqual(
        detail.routing_attempts.map((attempt) => `${attempt.latency_ms} ms`),
      );
      expect(await inbox.texts('#outbound .delivery')).toEqual(
        detail.outbound.map((reply) => reply.status),
      );
      expect(await inbox.text('#detail-title')).toBe('Derya Yılmaz');
      expect(
        await inbox.page.evaluate<boolean>("document.activeElement.id === 'detail-title'"),
      ).toBe(true);
      expect(inbox.page.url()).toContain(`message=${id}`);

      if (kind === testDatabaseKinds()[0]) {
        mkdirSync(dirname(SCREENSHOT_PATH), { recursive: true });
        await inbox.page.screenshot({ path: SCREENSHOT_PATH });
      }

      // The tab keeps its token, and the address its filter and open message.
      await inbox.page.reload();
      await inbox.page.waitForSelector('#detail[data-loads="1"]', { timeout: 20_000 });
      expect(await inbox.page.inputValue('#filter-priority')).toBe('critical');
      expect(await inbox.page.getAttribute('#detail', 'data-message-id')).toBe(String(id));
      expect((await inbox.rows()).map((row) => row.id)).toEqual(rows.map((row) => row.id));
    });

    it('should correct the triage and show the stored result and the agreement figure', async () => {
      await inbox.signIn(INBOX_ADMIN_TOKEN, '?priority=critical');
      const listed = await inbox.api<Listed>(
        `/admin/messages?status=${ALL_STATES}&priority=critical`,
      );
      const id = listed.messages.find((m) => m.sender.name === 'Murat Aksoy')?.id ?? 0;
      await inbox.afterDetailLoad(() =>
        inbox.page.click(`#message-list li[data-id="${id}"] button`),
      );
      expect(await inbox.page.inputValue('#correct-category')).toBe('complaint');

      await inbox.page.selectOption('#correct-category', 'technical');
      await inbox.page.selectOption('#correct-priority', 'high');
      await inbox.afterDetailLoad(() => inbox.page.click('#triage-form button[type="submit"]'));

      const detail = await inbox.api<Detail>(`/messages/${id}`);
      const [label] = (
        await inbox.api<{ labels: { id: number; message_id: number }[] }>('/admin/triage/labels')
      ).labels;
      expect(detail.analysis).toMatchObject({ category: 'technical', priority_level: 'high' });
      expect(label.message_id).toBe(id);
      expect(inbox.apiCalls()).toContain(`PUT /admin/messages/${id}/triage`);
      expect(await inbox.text('#triage-result')).toBe(
        `Saved correction #${label.id}: technical, high. The analysis now reads technical, high, ` +
          `urgency ${detail.analysis?.urgency_score}.`,
      );
      expect((await inbox.texts('#analysis dd')).slice(0, 3)).toEqual([
        'high',
        `${detail.analysis?.urgency_score} / 10`,
        'technical',
      ]);
      const evaluation = await inbox.api<Evaluation>('/admin/triage/evaluation');
      const corrections = evaluation.category.corrections + evaluation.urgency.corrections;
      const agreed = evaluation.category.agreed + evaluation.urgency.agreed;
      expect(corrections).toBe(2);
      const figure = await waitFor(
        () => inbox.text('#agreement-figure'),
        (text) => text !== 'No operator corrections yet',
        'the agreement figure',
      );
      expect(figure).toBe(
        `The model agrees with operators ${Math.round((100 * agreed) / corrections)}% of the time`,
      );
      // Its row says so too, dimmed: it no longer matches the "critical" filter.
      const row = (await inbox.rows()).find((r) => r.id === id);
      expect(row?.priority).toBe('high');
      expect(await inbox.page.getAttribute(`#message-list li[data-id="${id}"]`, 'data-stale')).toBe(
        'true',
      );
    });

    it('should replay a dead message and show it done once it went through', async () => {
      await inbox.page.clock.install();
      await inbox.signIn(INBOX_ADMIN_TOKEN, '?state=dead');
      const dead = await inbox.api<Listed>('/admin/messages?status=dead');
      expect((await inbox.rows()).map((row) => row.id)).toEqual(dead.messages.map((m) => m.id));
      const id = dead.messages.find((m) => m.platform === 'izer')?.id ?? 0;
      await inbox.afterDetailLoad(() =>
        inbox.page.click(`#message-list li[data-id="${id}"] button`),
      );
      expect(await inbox.page.isVisible('#replay')).toBe(true);

      await inbox.afterDetailLoad(() => inbox.page.click('#replay'));

      expect(inbox.apiCalls()).toContain(`POST /admin/messages/${id}/replay`);
      expect(await inbox.text('#replay-result')).toBe(
        `Message #${id} is queued for a fresh set of attempts.`,
      );
      await waitFor(
        () => inbox.api<Detail>(`/messages/${id}`),
        (detail) => detail.status === 'done',
        'the replayed message to be done',
      );
      await inbox.afterCount('#message-list', 'refreshes', () => inbox.page.clock.runFor(15_000));
      await waitFor(
        () => inbox.page.getAttribute('#detail', 'data-status'),
        (status) => status === 'done',
        'the open message to show done',
      );
      const detail = await inbox.api<Detail>(`/messages/${id}`);
      expect(await inbox.texts('#detail-meta .state')).toEqual(['done']);
      expect(await inbox.page.isVisible('#replay')).toBe(false);
      expect(await inbox.texts('#routing-attempts td.number')).toEqual(
        detail.routing_attempts.map((attempt) => `${attempt.latency_ms} ms`),
      );
      expect(detail.routing_attempts.at(-1)).toMatchObject({ status: 'succeeded' });
      expect((await inbox.rows()).find((row) => row.id === id)?.state).toBe('done');
      expect(await inbox.page.getAttribute(`#message-list li[data-id="${id}"]`, 'data-stale')).toBe(
        'true',
      );
    });
  });
});
