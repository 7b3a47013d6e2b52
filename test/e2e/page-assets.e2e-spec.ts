import { readFileSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
import { dirname, join } from 'node:path';
import { PAGE_CSP } from 'src/common/http/static-assets';
import { dashboardFiles } from 'src/dashboard/dashboard-assets';
import { swaggerUiFiles } from 'src/docs/swagger-ui-page';
import { inboxFiles } from 'src/inbox/inbox-assets';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase } from 'test/setup/test-database';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const ROOT = join(__dirname, '..', '..');
const JS = 'application/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const SWAGGER_UI_DIST = dirname(
  require.resolve('swagger-ui-dist/package.json', {
    paths: [dirname(require.resolve('@nestjs/swagger/package.json'))],
  }),
);

// The path goes out exactly as written (`fetch` would resolve `..` before sending it).
function rawRequest(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the pages and their files', () => {
  let db: TestDatabase;
  let sut: TestApp;
  const get = (path: string, headers?: Record<string, string>): Promise<RawResponse> =>
    rawRequest(sut.url, path, { headers });

  beforeAll(async () => {
    db = await TestDatabase.create('sqlite');
    sut = await TestApp.start(db);
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it.each([
    ['/dashboard/assets/dashboard.js', JS, 'no-cache', 'src/dashboard/public/dashboard.js'],
    ['/dashboard/assets/dashboard.css', CSS, 'no-cache', 'src/dashboard/public/dashboard.css'],
    [
      '/dashboard/assets/chart.umd.min.js',
      JS,
      'no-cache',
      join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
    ],
    ['/inbox/assets/inbox.js', JS, 'no-cache', 'src/inbox/public/inbox.js'],
    ['/inbox/assets/inbox-detail.css', CSS, 'no-cache', 'src/inbox/public/inbox-detail.css'],
    [
      '/docs/swagger-ui-bundle.js',
      JS,
      'public, max-age=3600',
      join(SWAGGER_UI_DIST, 'swagger-ui-bundle.js'),
    ],
    ['/docs/swagger-ui.css', CSS, 'public, max-age=3600', join(SWAGGER_UI_DIST, 'swagger-ui.css')],
    [
      '/docs/favicon-32x32.png',
      'image/png',
      'public, max-age=3600',
      join(SWAGGER_UI_DIST, 'favicon-32x32.png'),
    ],
  ])('should serve %s as %s, %s, byte for byte', async (path, type, cacheControl, file) => {
    const expected = readFileSync(file.startsWith('/') ? file : join(ROOT, file));

    const response = await get(path);

    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': type,
      'cache-control': cacheControl,
      'x-content-type-options': 'nosniff',
      'content-length': String(expected.length),
    });
    expect(response.body.equals(expected)).toBe(true);
  });

  it('should serve every file the pages list, with the same headers', async () => {
    const listed = [dashboardFiles(), inboxFiles(), swaggerUiFiles()].flatMap((files) =>
      Object.keys(files.files).map((name) => ({
        path: `${files.urlPrefix}${name}`,
        cacheControl: files.cacheControl,
      })),
    );

    expect(listed).toHaveLength(18);
    for (const { path, cacheControl } of listed) {
      const { status, headers } = await get(path);
      expect({ path, status, cacheControl: headers['cache-control'] }).toEqual({
        path,
        status: 200,
        cacheControl,
      });
      expect(headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it.each(['/dashboard', '/inbox'])(
    'should serve %s as HTML under the pages’ Content-Security-Policy',
    async (path) => {
      const response = await get(path);

      expect(response.status).toBe(200);
      expect(response.headers).toMatchObject({
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': PAGE_CSP,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      expect(response.body.toString('utf8')).toMatch(/^<!doctype html>/i);
    },
  );

  it('should serve the Swagger UI start script built in code', async () => {
    const response = await get('/docs/swagger-init.js');

    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': JS,
      'cache-control': 'public, max-age=3600',
    });
    expect(response.body.toString('utf8')).toContain("url: '/docs-json'");
  });

  it('should answer HEAD without a body and a repeated GET with 304 Not Modified', async () => {
    const size = readFileSync(join(ROOT, 'src/dashboard/public/dashboard.js')).length;

    const head = await rawRequest(sut.url, '/dashboard/assets/dashboard.js', { method: 'HEAD' });
    const first = await get('/dashboard/assets/dashboard.js');
    const again = await get('/dashboard/assets/dashboard.js', {
      'if-none-match': String(first.headers.etag),
    });

    expect(head).toMatchObject({ status: 200, headers: { 'content-length': String(size) } });
    expect(head.body.length).toBe(0);
    expect(first.headers.etag).toMatch(/^(W\/)?".+"$/);
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it.each([
    '/dashboard/..%2f..%2fpackage.json',
    '/dashboard/..%2F..%2Fpackage.json',
    '/dashboard/assets/..%2f..%2f..%2fpackage.json',
    '/dashboard/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fpackage.json',
    '/dashboard/assets/%2e%2e/%2e%2e/%2e%2e/package.json',
    '/dashboard/assets/../../../package.json',
    '/dashboard/assets/dashboard.js/../../../../package.json',
    '/dashboard/assets/..%5c..%5c..%5cpackage.json',
    '/dashboard/assets/%252e%252e%252fpackage.json',
    '/inbox/assets/..%2finbox.html',
    '/inbox/assets/../public/inbox.html',
    '/docs/..%2f..%2fpackage.json',
    '/docs/%2e%2e%2fpackage.json',
  ])('should answer a path out of the served folders, %s, with 404', async (path) => {
    const response = await get(path);

    expect(response.status).toBe(404);
    expect(JSON.parse(response.body.toString('utf8'))).toMatchObject({ statusCode: 404 });
  });

  it.each([
    // In the served folders, but not listed.
    '/dashboard/assets/dashboard.html',
    '/dashboard/assets/chart.js',
    '/inbox/assets/inbox-format.d.ts',
    '/docs/package.json',
    '/docs/index.html',
    '/docs/swagger-initializer.js',
    '/docs/swagger-ui-bundle.js.map',
    // No directory listing, no dotfiles, no other spelling.
    '/dashboard/assets/',
    '/inbox/assets/',
    '/docs/',
    '/inbox/assets/.env',
    '/dashboard/assets/.gitignore',
    '/dashboard/assets/DASHBOARD.JS',
    '/dashboard/assets/dashboard.js.',
  ])('should answer %s, a file not listed, with 404', async (path) => {
    const response = await get(path);

    expect(response.status).toBe(404);
    expect(JSON.parse(response.body.toString('utf8'))).toMatchObject({ statusCode: 404 });
  });
});
