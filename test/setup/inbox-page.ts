import type { Browser, Page } from 'playwright-core';
import type { TestApp } from 'test/setup/test-app';
import { waitFor } from 'test/setup/wait-for';

export const INBOX_ADMIN_TOKEN = 'inbox-admin-token-0123456789abcdef';
const ADMIN = { authorization: `Bearer ${INBOX_ADMIN_TOKEN}` };
const TIMEOUT_MS = 20_000;

// What the inbox reads, as far as the tests compare it.
export interface Listed {
  messages: {
    id: number;
    platform: string;
    status: string;
    received_at: string;
    sender: { id: string; name: string | null; phone: string | null };
    analysis: { priority_level: string; category: string } | null;
  }[];
  next_before_id: number | null;
  open_urgent: { critical: number; high: number };
}

export interface Detail {
  id: number;
  status: string;
  history: { content: string }[];
  analysis: {
    priority_level: string;
    category: string;
    urgency_score: number;
    sentiment: string;
    language: string;
    analyzer: string;
    model: string | null;
    keywords: string[];
  } | null;
  routing_attempts: { agent: string; status: string; latency_ms: number; error: string | null }[];
  outbound: { status: string; text: string }[];
}

export interface Evaluation {
  category: { corrections: number; agreed: number };
  urgency: { corrections: number; agreed: number };
}

export type OpenApiPaths = { paths: Record<string, Record<string, unknown>> };

export async function openApiPaths(app: TestApp): Promise<OpenApiPaths> {
  return (await (await app.get('/docs-json')).json()) as OpenApiPaths;
}

function isDocumented(document: OpenApiPaths, method: string, path: string): boolean {
  return Object.entries(document.paths).some(
    ([template, operations]) =>
      new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`).test(path) &&
      method.toLowerCase() in operations,
  );
}

export interface ListedRow {
  id: number;
  text: string;
  priority: string;
  state: string;
  sender: string;
  time: string;
}

// The inbox in a browser tab, and the API it must agree with. The page is evaluated through
// strings: this project compiles without the DOM library.
export class InboxPage {
  readonly consoleErrors: string[] = [];
  readonly requests: { method: string; url: string }[] = [];

  private constructor(
    readonly page: Page,
    readonly app: TestApp,
  ) {
    page.on('console', (message) => {
      if (message.type() === 'error') {
        this.consoleErrors.push(message.text());
      }
    });
    page.on('pageerror', (error) => this.consoleErrors.push(error.message));
    page.on('request', (request) =>
      this.requests.push({ method: request.method(), url: request.url() }),
    );
  }

  static async open(
    browser: Browser,
    app: TestApp,
    viewport = { width: 1280, height: 800 },
  ): Promise<InboxPage> {
    return new InboxPage(await browser.newPage({ viewport }), app);
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`${this.app.url}/inbox${query}`);
    await this.page.waitForSelector('body[data-state="signed-out"], body[data-state="signed-in"]', {
      timeout: TIMEOUT_MS,
    });
  }

  async signIn(token = INBOX_ADMIN_TOKEN, query = ''): Promise<void> {
    await this.goto(query);
    await this.page.fill('#token', token);
    await this.page.click('#sign-in-form button[type="submit"]');
    if (token === INBOX_ADMIN_TOKEN) {
      await this.page.waitForSelector('body[data-state="signed-in"]', { timeout: TIMEOUT_MS });
    }
  }

  async api<T>(path: string): Promise<T> {
    const response = await this.app.get(path, ADMIN);
    if (response.status !== 200) {
      throw new Error(`GET ${path} answered ${response.status}`);
    }
    return (await response.json()) as T;
  }

  // Runs `action` and waits until the element's `data-<counter>` went past its value before.
  async afterCount(selector: string, counter: string, action: () => Promise<unknown>) {
    const read = `Number(document.querySelector('${selector}').dataset.${counter} || 0)`;
    const before = await this.page.evaluate<number>(read);
    await action();
    // Polled from here: a predicate evaluated in the page would break its CSP (no eval).
    await waitFor(
      () => this.page.evaluate<number>(read),
      (count) => count > before,
      `${selector} data-${counter} past ${before}`,
      TIMEOUT_MS,
    );
  }

  afterListLoad(action: () => Promise<unknown>): Promise<void> {
    return this.afterCount('#message-list', 'loads', action);
  }

  afterDetailLoad(action: () => Promise<unknown>): Promise<void> {
    return this.afterCount('#detail', 'loads', action);
  }

  async filter(selectId: string, value: string): Promise<void> {
    await this.afterListLoad(() => this.page.selectOption(`#${selectId}`, value));
  }

  rows(): Promise<ListedRow[]> {
    return this.page.evaluate<ListedRow[]>(`Array.from(
      document.querySelectorAll('#message-list > li')).map((item) => ({
        id: Number(item.dataset.id),
        text: item.innerText,
        priority: item.querySelector('.cell-priority .badge').textContent,
        state: item.querySelector('.cell-state .state').textContent,
        sender: item.querySelector('.cell-sender').textContent,
        time: item.querySelector('time').getAttribute('datetime'),
      }))`);
  }

  async text(selector: string): Promise<string> {
    return ((await this.page.textContent(selector)) ?? '').trim();
  }

  texts(selector: string): Promise<string[]> {
    return this.page.evaluate<string[]>(
      `Array.from(document.querySelectorAll(${JSON.stringify(selector)}), (node) => node.textContent.trim())`,
    );
  }

  visibleText(): Promise<string> {
    return this.page.evaluate<string>('document.body.innerText');
  }

  // Requests that went anywhere but the gateway, or to a route `/docs-json` does not have (the
  // page's own files aside).
  strayRequests(document: OpenApiPaths): string[] {
    return this.requests
      .map(({ method, url }) => ({ method, url: new URL(url) }))
      .filter(({ method, url }) => {
        if (url.origin !== new URL(this.app.url).origin) {
          return true;
        }
        if (url.pathname.startsWith('/inbox/assets/')) {
          return false;
        }
        return !isDocumented(document, method, url.pathname);
      })
      .map(({ method, url }) => `${method} ${url.href}`);
  }

  apiCalls(): string[] {
    return this.requests
      .filter(({ url }) => !new URL(url).pathname.startsWith('/inbox'))
      .map(({ method, url }) => `${method} ${new URL(url).pathname}`);
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}
