import fc from 'fast-check';
import { hasLoneSurrogate } from 'src/common/text/unicode';
import {
  adminReadRoutes,
  bodyRoutes,
  credentialedEnv,
  type RouteCase,
  SECRETS,
} from 'test/factories/route-catalogue.factory';
import { StubAgents } from 'test/setup/stub-agents';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds } from 'test/setup/test-database';

// Creating a MariaDB schema, migrating it and booting the app is slow on a busy machine.
const BOOT_TIMEOUT_MS = 120_000;
// Runs per route: about 2,500 requests in all, well under a minute on SQLite.
const RUNS_PER_ROUTE = 100;
const FUZZ_TIMEOUT_MS = 90_000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Names and values that have broken parsers and look-ups before.
const HOSTILE_NAMES = ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', ''];
const hostileString = fc.oneof(
  fc.constantFrom(
    ...HOSTILE_NAMES,
    '\ud800',
    'a\udc00b',
    ' ',
    'x'.repeat(70_000),
    '2025-02-30T10:00:00Z',
    '0x10',
    '1e309',
    '-1',
    "'; DROP TABLE webhook_messages; --",
  ),
  // Any UTF-16 code units, lone surrogates included; never U+FFFD, so a replacement char found
  // in the database afterwards can only be one the gateway made.
  fc.string({ unit: 'binary', maxLength: 40 }).filter((text) => !text.includes('\ufffd')),
);
const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom<Json>(null, [], [[]], {}, [null], [{}], true, 0, -1, 2 ** 53, 1e308),
  },
  { weight: 3, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(
      fc.constantFrom(...HOSTILE_NAMES, 'body', 'id', 'type'),
      hostileString,
      {
        maxKeys: 3,
      },
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
);

type Mutation =
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'delete'; at: number }
  | { kind: 'add'; at: number; key: string; value: Json }
  | { kind: 'wrap'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('add' as const),
    at: fc.nat(),
    key: fc.oneof(fc.constantFrom(...HOSTILE_NAMES), hostileString),
    value: hostileValue,
  }),
  fc.record({ kind: fc.constant('wrap' as const), at: fc.nat() }),
);

// How the mutated value goes on the wire: as JSON, or with its bytes broken afterwards.
type Wire =
  | { kind: 'json'; contentType: string }
  | { kind: 'truncated'; at: number }
  | { kind: 'invalidUtf8'; at: number };

const wire: fc.Arbitrary<Wire> = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Wire>({ kind: 'json', contentType: 'application/json' }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('json' as const),
      contentType: fc.constantFrom(
        'application/json; charset=utf-8',
        'application/json; charset=latin1',
        'application/json; charset=utf-16',
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; boundary=x',
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncated' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('invalidUtf8' as const), at: fc.nat() }) },
);

function countBy(values: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const value of values) {
    counts[value] = (counts[value] ?? 0) + 1;
  }
  return counts;
}

interface Slot {
  parent: Json[] | Record<string, Json>;
  key: string | number;
}

// Every place in the value that holds something, in a stable order.
function slotsOf(value: Json, parent: Slot['parent'] | null, key: Slot['key'] | null): Slot[] {
  const own = parent === null || key === null ? [] : [{ parent, key }];
  if (Array.isArray(value)) {
    return [...own, ...value.flatMap((item, index) => slotsOf(item, value, index))];
  }
  if (value !== null && typeof value === 'object') {
    return [
      ...own,
      ...Object.entries(value).flatMap(([name, inner]) => slotsOf(inner, value, name)),
    ];
  }
  return own;
}

function mutate(original: Json, mutations: Mutation[]): Json {
  const root = { value: structuredClone(original) } as Record<string, Json>;
  for (const change of mutations) {
    const slots = slotsOf(root.value, root, 'value');
    const { parent, key } = slots[change.at % slots.length];
    const target = (parent as Record<string, Json>)[key];
    switch (change.kind) {
      case 'replace':
        (parent as Record<string, Json>)[key] = structuredClone(change.value);
        break;
      case 'delete':
        if (Array.isArray(parent)) {
          parent.splice(key as number, 1);
        } else if (parent !== root) {
          delete parent[key as string];
        }
        break;
      case 'add':
        if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
          // defineProperty: a plain assignment of `__proto__` would set the prototype instead.
          Object.defineProperty(target, change.key, {
            value: structuredClone(change.value),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        } else if (Array.isArray(target)) {
          target.push(structuredClone(change.value));
        }
        break;
      case 'wrap':
        (parent as Record<string, Json>)[key] = [target];
        break;
    }
  }
  return root.value;
}

function bytesOf(value: Json, onWire: Wire): { body: Buffer; contentType: string } {
  const json = Buffer.from(JSON.stringify(value) ?? 'null');
  switch (onWire.kind) {
    case 'json':
      return { body: json, contentType: onWire.contentType };
    case 'truncated':
      return {
        body: json.subarray(0, onWire.at % (json.length + 1)),
        contentType: 'application/json',
      };
    case 'invalidUtf8': {
      const at = onWire.at % (json.length + 1);
      return {
        body: Buffer.concat([
          json.subarray(0, at),
          Buffer.from([0xc3, 0x28, 0xff]),
          json.subarray(at),
        ]),
        contentType: 'application/json',
      };
    }
  }
}

const hex = (byte: number): string => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;

// Percent-encoded UTF-8, and a lone surrogate as the three bytes it would take (not valid UTF-8):
// `encodeURIComponent` refuses to encode those at all.
function percentEncoded(value: string): string {
  let encoded = '';
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    const next = value.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      encoded += encodeURIComponent(value.slice(i, i + 2));
      i += 1;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      encoded +=
        hex(0xe0 | (code >> 12)) + hex(0x80 | ((code >> 6) & 0x3f)) + hex(0x80 | (code & 0x3f));
    } else {
      encoded += encodeURIComponent(value[i]);
    }
  }
  return encoded;
}

const queryValue = fc.oneof(
  hostileString,
  fc.constantFrom(
    '24',
    '720',
    '721',
    '0',
    '1h',
    '5m',
    'failed,dead',
    'dead',
    'subscribe',
    '%',
    '%FF',
  ),
);

// GET routes driven by their query string or a path segment.
function queryRoutes(): {
  name: string;
  url: fc.Arbitrary<string>;
  headers: Record<string, string>;
}[] {
  const admin = { authorization: `Bearer ${SECRETS.admin}` };
  const param = percentEncoded;
  const segment = fc.oneof(
    queryValue.map(param),
    fc.constantFrom('1', '0', '-1', '2147483648', '1e2', '%ZZ', '%FF', '..', 'constructor'),
  );
  return [
    {
      name: 'GET /stats',
      url: fc.record({ hours: queryValue }).map(({ hours }) => `/stats?hours=${param(hours)}`),
      headers: {},
    },
    {
      name: 'GET /stats/timeseries',
      url: fc
        .record({ hours: queryValue, bucket: queryValue })
        .map(
          ({ hours, bucket }) => `/stats/timeseries?hours=${param(hours)}&bucket=${param(bucket)}`,
        ),
      headers: {},
    },
    {
      name: 'GET /webhooks/whatsapp',
      url: fc
        .record({ mode: queryValue, token: queryValue, challenge: queryValue })
        .map(
          ({ mode, token, challenge }) =>
            `/webhooks/whatsapp?hub.mode=${param(mode)}&hub.verify_token=${param(token)}&hub.challenge=${param(challenge)}`,
        ),
      headers: {},
    },
    {
      name: 'GET /admin/messages',
      url: fc
        .record({ status: queryValue, limit: queryValue, before: queryValue })
        .map(
          ({ status, limit, before }) =>
            `/admin/messages?status=${param(status)}&limit=${param(limit)}&before_id=${param(before)}`,
        ),
      headers: admin,
    },
    { name: 'GET /messages/:id', url: segment.map((id) => `/messages/${id}`), headers: admin },
    {
      name: 'GET /admin/important-customers/:id',
      url: segment.map((id) => `/admin/important-customers/${id}`),
      headers: admin,
    },
    {
      name: 'GET /admin/critical-groups/:id',
      url: segment.map((id) => `/admin/critical-groups/${id}`),
      headers: admin,
    },
  ];
}

describe.each(testDatabaseKinds())('every route under mutated input on %s', (kind) => {
  let database: TestDatabase;
  let agents: StubAgents;
  let api: StubHttpServer;
  let sut: TestApp;

  const writesOf = (route: RouteCase): Promise<number[]> =>
    Promise.all(route.writes.map((sql) => sut.count(sql)));

  const expectHealthy = async (): Promise<void> => {
    expect((await sut.get('/health')).status).toBe(200);
  };

  beforeAll(async () => {
    agents = await StubAgents.start();
    agents.answerWith({ status: 'accepted' });
    api = await StubHttpServer.start();
    database = await TestDatabase.create(kind);
    sut = await TestApp.start(database, {
      ...agents.env,
      ...credentialedEnv(api.url),
      STATS_RATE_LIMIT: '100000',
    });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await sut?.close();
    await database?.drop();
    await agents?.stop();
    await api?.stop();
  });

  describe.each(bodyRoutes('http://127.0.0.1:9').map((route) => [route.name, route] as const))(
    '%s',
    (_name, template) => {
      it(
        'should never answer 5xx, and store nothing for a refused request, whatever the body',
        async () => {
          const route = bodyRoutes(api.url).find((candidate) => candidate.name === template.name)!;
          const statuses: number[] = [];
          await fc.assert(
            fc.asyncProperty(
              fc.array(mutation, { maxLength: 4 }),
              wire,
              fc.constantFrom('ok-1', '../../etc', 'x'.repeat(200), '\u00e7'),
              async (mutations, onWire, requestId) => {
                const original = (route.body?.() ?? {}) as Json;
                const { body, contentType } = bytesOf(mutate(original, mutations), onWire);
                const before = await writesOf(route);

                const response = await fetch(`${sut.url}${route.path}`, {
                  method: route.method,
                  headers: {
                    'content-type': contentType,
                    'x-request-id': encodeURIComponent(requestId),
                    ...(await route.credentials(body)),
                  },
                  body,
                });
                await response.arrayBuffer();
                statuses.push(response.status);

                expect(response.status).toBeLessThan(500);
                if (response.status >= 400) {
                  expect(await writesOf(route)).toEqual(before);
                }
              },
            ),
            {
              numRuns: RUNS_PER_ROUTE,
              // The fixture as it is: the property holds for an accepted request too.
              examples: [[[], { kind: 'json', contentType: 'application/json' }, 'ok-1']],
            },
          );
          process.stdout.write(`${route.name}: ${JSON.stringify(countBy(statuses))}\n`);
          if (route.body) {
            expect(statuses.some((status) => status < 300)).toBe(true);
          }
          await expectHealthy();
        },
        FUZZ_TIMEOUT_MS,
      );
    },
  );

  it.each(queryRoutes().map((route) => [route.name, route] as const))(
    'should never answer 5xx to %s, whatever the query or path',
    async (_name, route) => {
      await fc.assert(
        fc.asyncProperty(route.url, async (url) => {
          const response = await fetch(`${sut.url}${url}`, { headers: route.headers });
          await response.arrayBuffer();

          expect(response.status).toBeLessThan(500);
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
      await expectHealthy();
    },
    FUZZ_TIMEOUT_MS,
  );

  it('should never answer 5xx to the admin reads and deletes, with or without credentials', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...adminReadRoutes()),
        fc.constantFrom(`Bearer ${SECRETS.admin}`, 'Bearer', `Basic ${SECRETS.admin}`, '\u00e7'),
        async (route, authorization) => {
          const before = await writesOf(route);
          const response = await fetch(`${sut.url}${route.path}`, {
            method: route.method,
            headers: { authorization },
          });
          await response.arrayBuffer();

          expect(response.status).toBeLessThan(500);
          if (response.status >= 400) {
            expect(await writesOf(route)).toEqual(before);
          }
        },
      ),
      { numRuns: RUNS_PER_ROUTE },
    );
    await expectHealthy();
  });

  it('should have stored only valid Unicode text, none of it repaired', async () => {
    const rows = await sut.dataSource.query<Record<string, unknown>[]>(
      'SELECT external_id, conversation_id, conversation_name, sender_id, sender_name, ' +
        'event_type, text, raw_payload FROM webhook_messages',
    );
    const history = await sut.dataSource.query<Record<string, unknown>[]>(
      'SELECT sender, content FROM message_history',
    );
    const strings = [...rows, ...history].flatMap((row) =>
      Object.values(row).map((value) =>
        typeof value === 'string' ? value : JSON.stringify(value),
      ),
    );

    expect(rows.length).toBeGreaterThan(0);
    expect(strings.filter((text) => hasLoneSurrogate(text) || text.includes('\ufffd'))).toEqual([]);
  });
});
