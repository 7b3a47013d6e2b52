import fc from 'fast-check';
import { SECRETS } from 'test/factories/route-catalogue.factory';

// Mutated input for the fuzz e2e suite: hostile names and values, mutations of a fixture's JSON,
// broken bytes on the wire, and query strings and path segments of the GET routes.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

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

export type Mutation =
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'delete'; at: number }
  | { kind: 'add'; at: number; key: string; value: Json }
  | { kind: 'wrap'; at: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
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
export type Wire =
  | { kind: 'json'; contentType: string }
  | { kind: 'truncated'; at: number }
  | { kind: 'invalidUtf8'; at: number };

export const wire: fc.Arbitrary<Wire> = fc.oneof(
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

export function countBy(values: number[]): Record<number, number> {
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

export function mutate(original: Json, mutations: Mutation[]): Json {
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

export function bytesOf(value: Json, onWire: Wire): { body: Buffer; contentType: string } {
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
export function queryRoutes(): {
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
    {
      name: 'GET /admin/outbound',
      url: fc
        .record({ status: queryValue, platform: queryValue, limit: queryValue, before: queryValue })
        .map(
          ({ status, platform, limit, before }) =>
            `/admin/outbound?status=${param(status)}&platform=${param(platform)}&limit=${param(limit)}&before_id=${param(before)}`,
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
