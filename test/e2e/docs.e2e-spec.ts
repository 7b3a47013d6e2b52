import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase } from 'test/setup/test-database';

const FIXTURES = join(__dirname, '..', 'fixtures');

// The pages' own files (one route each), deliberately not in the document.
const UNDOCUMENTED_PREFIXES = ['GET /docs/', 'GET /dashboard/assets/', 'GET /inbox/assets/'];
const isUndocumented = (route: string): boolean =>
  UNDOCUMENTED_PREFIXES.some((prefix) => route.startsWith(prefix));

// The routes of SPEC §4 that exist: each must be in the document whatever else changes.
const SPEC_ROUTES = [
  'POST /webhook',
  'GET /webhooks/whatsapp',
  'POST /webhooks/whatsapp',
  'POST /webhooks/userlike',
  'POST /webhooks/kindly',
  'POST /webhooks/kore',
  'POST /kore-webhook',
  'POST /webhooks/kore/botkit/sdk/bots/{botId}/{eventName}',
  'GET /health',
  'GET /health/live',
  'GET /stats',
  'GET /stats/timeseries',
  'GET /metrics',
  'GET /docs',
  'GET /docs-json',
  'GET /dashboard',
  'GET /inbox',
  'GET /admin/messages',
  'POST /admin/messages/{id}/replay',
  'PUT /admin/messages/{id}/triage',
  'GET /admin/outbound',
  'POST /admin/outbound/{id}/retry',
  'GET /admin/triage/evaluation',
  'GET /messages/{id}',
  'POST /messages/proactive',
];

const WEBHOOKS: { route: string; scheme: string; fixture: string }[] = [
  { route: 'POST /webhook', scheme: 'izer_token', fixture: 'izer/webhook.json' },
  {
    route: 'POST /webhooks/whatsapp',
    scheme: 'whatsapp_signature',
    fixture: 'whatsapp/whatsapp-text.json',
  },
  {
    route: 'POST /webhooks/userlike',
    scheme: 'userlike_token',
    fixture: 'userlike/userlike-message.json',
  },
  { route: 'POST /webhooks/kindly', scheme: 'kindly_hmac', fixture: 'kindly/message.json' },
  { route: 'POST /webhooks/kore', scheme: 'kore_token', fixture: 'kore/seed000-event.json' },
  { route: 'POST /kore-webhook', scheme: 'kore_token', fixture: 'kore/seed000-event.json' },
  {
    route: 'POST /webhooks/kore/botkit/sdk/bots/{botId}/{eventName}',
    scheme: 'kore_botkit_jwt',
    fixture: 'kore/botkit-on-user-message.json',
  },
];

// Fastify's route tree, one line per node (`├── /stats (GET, HEAD)`, children indented by four
// characters and holding only the rest of the path), flattened to `METHOD /path/{param}`.
function registeredRoutes(tree: string): string[] {
  const prefixes: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:│ {3}| {4})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) {
      continue;
    }
    const depth = match[1].length / 4;
    const path = (prefixes[depth - 1] ?? '') + match[2];
    prefixes[depth] = path;
    prefixes.length = depth + 1;
    for (const method of (match[3] ?? '').split(', ').filter((m) => m && m !== 'HEAD')) {
      routes.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return routes;
}

function operationOf(document: OpenAPIObject, route: string): OperationObject | undefined {
  const [method, path] = route.split(' ');
  return (document.paths[path] as Record<string, OperationObject> | undefined)?.[
    method.toLowerCase()
  ];
}

describe('GET /docs and /docs-json', () => {
  let db: TestDatabase;
  let sut: TestApp;
  let document: OpenAPIObject;

  beforeAll(async () => {
    db = await TestDatabase.create('sqlite');
    sut = await TestApp.start(db);
    const response = await sut.get('/docs-json');
    expect(response.status).toBe(200);
    document = (await response.json()) as OpenAPIObject;
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it('should document every route the gateway serves', () => {
    const routes = registeredRoutes(sut.app.getHttpAdapter().getInstance().printRoutes());

    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /stats/timeseries',
        'POST /webhooks/whatsapp',
        'POST /webhooks/kore/botkit/sdk/bots/{botId}/{eventName}',
        'GET /dashboard/assets/chart.umd.min.js',
        'GET /docs/swagger-ui-bundle.js',
      ]),
    );
    const missing = routes.filter(
      (route) => !isUndocumented(route) && operationOf(document, route) === undefined,
    );
    expect(missing).toEqual([]);
    for (const route of SPEC_ROUTES) {
      expect({ route, isDocumented: operationOf(document, route) !== undefined }).toEqual({
        route,
        isDocumented: true,
      });
    }
  });

  it('should give every operation a success response and every webhook a request schema', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item as Record<string, OperationObject>)) {
        const codes = Object.keys(operation.responses);
        expect({ route: `${method} ${path}`, codes }).toEqual({
          route: `${method} ${path}`,
          codes: expect.arrayContaining([expect.stringMatching(/^2\d\d$/)]) as unknown,
        });
      }
    }
    for (const { route } of WEBHOOKS) {
      const body = operationOf(document, route)?.requestBody;
      const json = body && 'content' in body ? body.content['application/json'] : undefined;
      expect({ route, schema: json?.schema }).toEqual({
        route,
        schema: { $ref: expect.stringMatching(/^#\/components\/schemas\//) as unknown },
      });
    }
    expect(operationOf(document, 'GET /stats/timeseries')?.responses['200']).toMatchObject({
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/TimeseriesResponseDto' } },
      },
    });
  });

  it("should name the auth of each webhook and an example body from the platform's fixtures", () => {
    const schemes = document.components?.securitySchemes ?? {};
    expect(schemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(schemes.whatsapp_signature).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-Hub-Signature-256',
    });
    expect(schemes.kindly_hmac).toMatchObject({ type: 'apiKey', name: 'Kindly-HMAC' });
    expect(schemes.userlike_token).toMatchObject({ type: 'apiKey', name: 'API-SECURITY-TOKEN' });
    expect(schemes.kore_botkit_jwt).toMatchObject({ type: 'apiKey', name: 'token' });

    for (const { route, scheme, fixture } of WEBHOOKS) {
      const operation = operationOf(document, route);
      expect({ route, security: operation?.security?.[0] }).toEqual({
        route,
        security: { [scheme]: [] },
      });
      const body = operation?.requestBody;
      const examples =
        (body && 'content' in body ? body.content['application/json'].examples : undefined) ?? {};
      const values = Object.values(examples).map((example) =>
        'value' in example ? (example.value as unknown) : undefined,
      );
      expect(values).toContainEqual(JSON.parse(readFileSync(join(FIXTURES, fixture), 'utf8')));
    }
  });

  it('should document the filters of the message list the inbox reads', () => {
    const parameters = (operationOf(document, 'GET /admin/messages')?.parameters ?? []).map(
      (parameter) => ('name' in parameter ? parameter.name : ''),
    );

    expect(parameters.sort()).toEqual([
      'before_id',
      'category',
      'limit',
      'platform',
      'priority',
      'q',
      'since',
      'status',
      'until',
    ]);
    expect(operationOf(document, 'GET /admin/messages')?.responses['200']).toMatchObject({
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/AdminMessagesResponse' } },
      },
    });
  });

  it('should ask for the admin bearer token on every admin route', () => {
    const adminRoutes = Object.entries(document.paths).flatMap(([path, item]) =>
      path.startsWith('/admin/') || path.startsWith('/messages/')
        ? Object.values(item as Record<string, OperationObject>)
        : [],
    );

    expect(adminRoutes.length).toBeGreaterThan(0);
    for (const operation of adminRoutes) {
      expect(operation.security).toEqual([{ bearer: [] }]);
    }
  });

  it('should serve Swagger UI and its assets from the gateway itself', async () => {
    const page = await sut.get('/docs');

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      expect(asset.startsWith('/docs/')).toBe(true);
      const response = await sut.get(asset);
      // Read to the end: a file is streamed, and an unread stream holds the connection open.
      const size = (await response.arrayBuffer()).byteLength;
      expect({ asset, status: response.status, isEmpty: size === 0 }).toEqual({
        asset,
        status: 200,
        isEmpty: false,
      });
    }
    expect(html).not.toMatch(/<script>/);
    expect(
      (await sut.get('/docs/swagger-init.js').then((r) => r.text())).includes('/docs-json'),
    ).toBe(true);
    expect((await sut.get('/docs/package.json')).status).toBe(404);
  });
});
