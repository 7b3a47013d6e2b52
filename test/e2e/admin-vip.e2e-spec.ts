import { AnalyticsResult } from 'src/analysis/analytics-result.entity';
import { CriticalGroup } from 'src/analysis/critical-group.entity';
import { ImportantCustomer } from 'src/analysis/important-customer.entity';
import { buildIzerPayload } from 'test/factories/izer-payload.factory';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds, truncateAll } from 'test/setup/test-database';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
// Migrating a fresh MySQL schema can take long on a busy machine.
const BOOT_TIMEOUT_MS = 120_000;
const CUSTOMERS = '/admin/important-customers';
const GROUPS = '/admin/critical-groups';
// Seed 004's groups, in id order (migrations/1763700009000-SeedCriticalGroups.ts).
const SEEDED_GROUPS: [name: string, boost: number][] = [
  ['VIP Customers', 3],
  ['Technical Support', 2],
  ['Sales Team', 2],
  ['Management', 3],
  ['Important Partners', 2],
  ['İzer Management', 3],
];
const PLAIN_TEXT = 'Hello, what are your opening hours?';
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const PRIORITY_ORDER = ['low', 'normal', 'high', 'critical'];
const RESPONSE_TIME: Record<string, string> = {
  critical: 'immediate',
  high: '1hour',
  normal: '4hours',
  low: '24hours',
};

interface ErrorAnswer {
  statusCode: number;
  message: string;
  error?: string;
  fields?: { field: string; errors: string[] }[];
}

interface ImportantCustomerAnswer {
  id: number;
  phone_number: string | null;
  platform_user_id: string | null;
  name: string;
  priority_boost: number;
  is_active: boolean;
  created_at: string;
}

interface CriticalGroupAnswer {
  id: number;
  name: string;
  priority_boost: number;
  is_active: boolean;
  created_at: string;
}

interface WebhookAnalysis {
  urgency_score: number;
  priority_level: string;
  recommended_response_time: string;
  action_required: boolean;
  [key: string]: unknown;
}

interface WebhookAnswer {
  database_id: number;
  analysis: WebhookAnalysis;
}

const fieldsOf = (body: ErrorAnswer): string[] =>
  (body.fields ?? []).map((field) => field.field).sort();

// README: 9–10 critical, 7–8 high, 4–6 normal, 1–3 low; a VIP boost only ever raises priority.
function boostedPriority(before: string, urgency: number): string {
  const fromUrgency =
    urgency >= 9 ? 'critical' : urgency >= 7 ? 'high' : urgency >= 4 ? 'normal' : 'low';
  return PRIORITY_ORDER[
    Math.max(PRIORITY_ORDER.indexOf(before), PRIORITY_ORDER.indexOf(fromUrgency))
  ];
}

function request(
  sut: TestApp,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Response> {
  return fetch(`${sut.url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

// Every admin VIP route, each with a body that would otherwise be valid.
const EVERY_ROUTE: [method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown][] = [
  ['GET', CUSTOMERS],
  ['GET', `${CUSTOMERS}/1`],
  ['POST', CUSTOMERS, { phone_number: '+905551112233', name: 'Derya' }],
  ['DELETE', `${CUSTOMERS}/1`],
  ['GET', GROUPS],
  ['GET', `${GROUPS}/1`],
  ['POST', GROUPS, { name: 'Night Shift' }],
  ['DELETE', `${GROUPS}/1`],
];

describe.each(testDatabaseKinds())('admin VIP rule routes on %s', (kind) => {
  let database: TestDatabase;
  let agent: StubHttpServer;
  let sut: TestApp;

  const customerRows = (): Promise<ImportantCustomer[]> =>
    sut.dataSource.getRepository(ImportantCustomer).find({ order: { id: 'ASC' } });
  const groupRows = (): Promise<CriticalGroup[]> =>
    sut.dataSource.getRepository(CriticalGroup).find({ order: { id: 'ASC' } });
  const get = (path: string, headers: Record<string, string> = ADMIN): Promise<Response> =>
    request(sut, 'GET', path, headers);
  const post = (
    path: string,
    body: unknown,
    headers: Record<string, string> = ADMIN,
  ): Promise<Response> => request(sut, 'POST', path, headers, body);
  const remove = (path: string, headers: Record<string, string> = ADMIN): Promise<Response> =>
    request(sut, 'DELETE', path, headers);

  async function createCustomer(body: Record<string, unknown>): Promise<ImportantCustomerAnswer> {
    const response = await post(CUSTOMERS, body);
    expect(response.status).toBe(201);
    return (await response.json()) as ImportantCustomerAnswer;
  }

  async function createGroup(body: Record<string, unknown>): Promise<CriticalGroupAnswer> {
    const response = await post(GROUPS, body);
    expect(response.status).toBe(201);
    return (await response.json()) as CriticalGroupAnswer;
  }

  async function sendWebhook(overrides: Parameters<typeof buildIzerPayload>[0]): Promise<{
    answer: WebhookAnswer;
    stored: AnalyticsResult;
  }> {
    const response = await sut.post('/webhook', buildIzerPayload(overrides));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as WebhookAnswer;
    const stored = await sut.dataSource
      .getRepository(AnalyticsResult)
      .findOneByOrFail({ messageId: answer.database_id });
    return { answer, stored };
  }

  beforeAll(async () => {
    agent = await StubHttpServer.start();
    database = await TestDatabase.create(kind);
    sut = await TestApp.start(database, {
      AGENT_GENERAL_PURPOSE_URL: agent.url,
      AGENT_BUSINESS_WORKFLOW_URL: agent.url,
      AGENT_CODE_DEBUGGER_URL: agent.url,
      AGENT_HUB_URL: agent.url,
      ADMIN_API_TOKEN: ADMIN_TOKEN,
    });
  }, BOOT_TIMEOUT_MS);

  beforeEach(async () => {
    await truncateAll(sut.dataSource);
    // truncateAll keeps critical_groups for its seeded rows; drop what a test added.
    await sut.dataSource.query(
      `DELETE FROM critical_groups WHERE name NOT IN (${SEEDED_GROUPS.map(() => '?').join(', ')})`,
      SEEDED_GROUPS.map(([name]) => name),
    );
    agent.reset();
    agent.respondWith(() => ({ status: 200, body: { status: 'accepted' } }));
  });

  afterAll(async () => {
    await sut?.close();
    await database?.drop();
    await agent?.stop();
  });

  describe('authentication', () => {
    it.each([
      ['no Authorization header', {}],
      ['a wrong token', { authorization: 'Bearer admin-token-for-tests-0123456780' }],
      ['the token without the Bearer scheme', { authorization: ADMIN_TOKEN }],
    ])('should answer 401 to %s on every route and change nothing', async (_case, headers) => {
      for (const [method, path, body] of EVERY_ROUTE) {
        const response = await request(sut, method, path, headers, body);

        expect({ method, path, status: response.status }).toEqual({ method, path, status: 401 });
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="admin"');
        const text = await response.text();
        expect(JSON.parse(text)).toEqual({
          statusCode: 401,
          message: 'invalid or missing admin credentials',
          error: 'Unauthorized',
        });
        expect(text).not.toContain(ADMIN_TOKEN.slice(0, 12));
      }
      expect(await customerRows()).toEqual([]);
      expect((await groupRows()).map((row) => row.name)).toEqual(
        SEEDED_GROUPS.map(([name]) => name),
      );
    });

    it('should check the token before the id', async () => {
      expect((await get(`${CUSTOMERS}/abc`, {})).status).toBe(401);
      expect((await remove(`${GROUPS}/abc`, {})).status).toBe(401);
    });
  });

  describe(CUSTOMERS, () => {
    it('should store a customer by phone number in E.164, answer 201 with the row and show it', async () => {
      const before = Date.now();

      const response = await post(CUSTOMERS, {
        phone_number: ' +90 (555) 111-22.33 ',
        name: '  Derya Yılmaz 🌟  ',
        priority_boost: 4,
        unknown_field: 'stripped',
      });

      expect(response.status).toBe(201);
      const body = (await response.json()) as ImportantCustomerAnswer;
      expect(body).toEqual({
        id: expect.any(Number) as unknown,
        phone_number: '+905551112233',
        platform_user_id: null,
        name: 'Derya Yılmaz 🌟',
        priority_boost: 4,
        is_active: true,
        created_at: expect.stringMatching(ISO_TIME) as unknown,
      });
      const createdAt = Date.parse(body.created_at);
      expect(createdAt).toBeGreaterThanOrEqual(before);
      expect(createdAt).toBeLessThanOrEqual(Date.now());
      expect(await customerRows()).toEqual([
        {
          id: body.id,
          phoneNumber: '+905551112233',
          platformUserId: null,
          name: 'Derya Yılmaz 🌟',
          priorityBoost: 4,
          isActive: true,
          createdAt: new Date(body.created_at),
        },
      ]);
      const one = await get(`${CUSTOMERS}/${body.id}`);
      expect(one.status).toBe(200);
      expect(await one.json()).toEqual(body);
      const list = await get(CUSTOMERS);
      expect(list.status).toBe(200);
      expect(await list.json()).toEqual([body]);
    });

    it('should store a customer by platform user id with the default boost of 2', async () => {
      const body = await createCustomer({ platform_user_id: '  ul-client-4711 ', name: 'Ömer' });

      expect(body).toEqual({
        id: expect.any(Number) as unknown,
        phone_number: null,
        platform_user_id: 'ul-client-4711',
        name: 'Ömer',
        priority_boost: 2,
        is_active: true,
        created_at: expect.stringMatching(ISO_TIME) as unknown,
      });
      expect(await customerRows()).toMatchObject([
        { id: body.id, phoneNumber: null, platformUserId: 'ul-client-4711', priorityBoost: 2 },
      ]);
    });

    it('should store a customer with both keys, a null boost meaning the default', async () => {
      const body = await createCustomer({
        phone_number: '0090 555 111 22 33',
        platform_user_id: 'wa-905551112233',
        name: 'Şule',
        priority_boost: null,
      });

      expect(body).toMatchObject({
        phone_number: '+905551112233',
        platform_user_id: 'wa-905551112233',
        priority_boost: 2,
      });
    });

    it('should store names of 255 characters exactly, emoji and Turkish included', async () => {
      const name = `${'🚲'.repeat(100)}${'ğüşıöçİ'.repeat(22)}${'x'.repeat(1)}`;
      expect([...name]).toHaveLength(255);

      const body = await createCustomer({ platform_user_id: 'u'.repeat(191), name });

      expect(body.name).toBe(name);
      expect(body.platform_user_id).toBe('u'.repeat(191));
      const [row] = await customerRows();
      expect(row.name).toBe(name);
    });

    it('should list every customer ordered by id', async () => {
      const first = await createCustomer({ phone_number: '+905551110001', name: 'B' });
      const second = await createCustomer({ platform_user_id: 'kore-user@example.com', name: 'A' });
      const third = await createCustomer({ phone_number: '+4915112345678', name: 'C' });

      const response = await get(CUSTOMERS);

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual([first, second, third]);
      expect(first.id).toBeLessThan(second.id);
      expect(second.id).toBeLessThan(third.id);
    });

    it.each<[string, Record<string, unknown>, string]>([
      [
        'the same phone number written another way',
        { phone_number: '0090 555 111 22 33', name: 'Copy' },
        'an important customer with this phone_number already exists',
      ],
      [
        'the same platform user id with surrounding space',
        { platform_user_id: ' wa-1 ', name: 'Copy' },
        'an important customer with this platform_user_id already exists',
      ],
      [
        'a new phone number with a taken platform user id',
        { phone_number: '+905550000000', platform_user_id: 'wa-1', name: 'Copy' },
        'an important customer with this phone_number or platform_user_id already exists',
      ],
    ])('should answer 409 for %s and store nothing', async (_case, body, message) => {
      const existing = await createCustomer({
        phone_number: '+905551112233',
        platform_user_id: 'wa-1',
        name: 'Derya',
      });

      const response = await post(CUSTOMERS, body);

      expect(response.status).toBe(409);
      expect(await response.json()).toEqual({ statusCode: 409, error: 'Conflict', message });
      expect((await customerRows()).map((row) => row.id)).toEqual([existing.id]);
    });

    it('should answer 400 naming both keys when neither is given', async () => {
      const response = await post(CUSTOMERS, { name: 'Derya', priority_boost: 3 });

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Invalid fields: phone_number, platform_user_id',
        fields: [
          { field: 'phone_number', errors: ['phone_number or platform_user_id is required'] },
          { field: 'platform_user_id', errors: ['platform_user_id or phone_number is required'] },
        ],
      });
    });

    it.each<[string, unknown, string[]]>([
      ['an empty body', {}, ['name', 'phone_number', 'platform_user_id']],
      ['a JSON array', [], ['name', 'phone_number', 'platform_user_id']],
      [
        'both keys null',
        { phone_number: null, platform_user_id: null, name: 'D' },
        ['phone_number', 'platform_user_id'],
      ],
      ['a missing name', { phone_number: '+905551112233' }, ['name']],
      ['a null name', { phone_number: '+905551112233', name: null }, ['name']],
      ['a blank name', { phone_number: '+905551112233', name: '  \t ' }, ['name']],
      ['a numeric name', { phone_number: '+905551112233', name: 42 }, ['name']],
      [
        'a name of 256 characters',
        { phone_number: '+905551112233', name: 'ş'.repeat(256) },
        ['name'],
      ],
      [
        'a name with a lone surrogate',
        { phone_number: '+905551112233', name: 'D \ud83d' },
        ['name'],
      ],
      [
        'a boost of 0',
        { phone_number: '+905551112233', name: 'D', priority_boost: 0 },
        ['priority_boost'],
      ],
      [
        'a boost of 6',
        { phone_number: '+905551112233', name: 'D', priority_boost: 6 },
        ['priority_boost'],
      ],
      [
        'a boost of 2.5',
        { phone_number: '+905551112233', name: 'D', priority_boost: 2.5 },
        ['priority_boost'],
      ],
      [
        'a boost as a string',
        { phone_number: '+905551112233', name: 'D', priority_boost: '3' },
        ['priority_boost'],
      ],
      [
        'a boolean boost',
        { phone_number: '+905551112233', name: 'D', priority_boost: true },
        ['priority_boost'],
      ],
      ['a numeric phone number', { phone_number: 905551112233, name: 'D' }, ['phone_number']],
      ['an empty phone number', { phone_number: '', name: 'D' }, ['phone_number']],
      [
        'a phone number with letters',
        { phone_number: '+90 555 CALL ME', name: 'D' },
        ['phone_number'],
      ],
      ['a local phone number', { phone_number: '0555 111 22 33', name: 'D' }, ['phone_number']],
      ['a phone number of 5 digits', { phone_number: '+90 555', name: 'D' }, ['phone_number']],
      [
        'a phone number of 16 digits',
        { phone_number: '+9055511122334455', name: 'D' },
        ['phone_number'],
      ],
      ['a numeric platform user id', { platform_user_id: 4711, name: 'D' }, ['platform_user_id']],
      ['an empty platform user id', { platform_user_id: ' ', name: 'D' }, ['platform_user_id']],
      [
        'a platform user id of 192 characters',
        { platform_user_id: 'u'.repeat(192), name: 'D' },
        ['platform_user_id'],
      ],
      [
        'a good phone number and a bad platform user id',
        { phone_number: '+905551112233', platform_user_id: ['x'], name: 'D' },
        ['platform_user_id'],
      ],
    ])(
      'should answer 400 naming the fields for %s and store nothing',
      async (_case, body, fields) => {
        const response = await post(CUSTOMERS, body);

        expect(response.status).toBe(400);
        const answer = (await response.json()) as ErrorAnswer;
        expect(answer).toMatchObject({ statusCode: 400, error: 'Bad Request' });
        expect(fieldsOf(answer)).toEqual(fields);
        expect(await customerRows()).toEqual([]);
      },
    );

    it('should answer 400 for a body that is not JSON', async () => {
      const response = await sut.post(CUSTOMERS, '{"name": ', ADMIN);

      expect(response.status).toBe(400);
      expect(await customerRows()).toEqual([]);
    });

    it('should delete a customer: 204, then 404 on GET and on a second DELETE', async () => {
      const kept = await createCustomer({ phone_number: '+905551110001', name: 'Kept' });
      const gone = await createCustomer({ phone_number: '+905551110002', name: 'Gone' });

      const response = await remove(`${CUSTOMERS}/${gone.id}`);

      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');
      expect((await customerRows()).map((row) => row.id)).toEqual([kept.id]);
      const again = await remove(`${CUSTOMERS}/${gone.id}`);
      expect(again.status).toBe(404);
      expect(await again.json()).toEqual({
        statusCode: 404,
        error: 'NotFound',
        message: `important customer ${gone.id} not found`,
      });
      expect((await get(`${CUSTOMERS}/${gone.id}`)).status).toBe(404);
      expect(await (await get(CUSTOMERS)).json()).toEqual([kept]);
    });

    it('should answer 404 JSON for an id no customer has', async () => {
      const response = await get(`${CUSTOMERS}/987654`);

      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(await response.json()).toEqual({
        statusCode: 404,
        error: 'NotFound',
        message: 'important customer 987654 not found',
      });
    });

    it.each(['abc', '0', '-1', '1.5', '1e3', '0x10', '2147483648'])(
      'should answer 400 naming id for %p on GET and DELETE',
      async (id) => {
        await createCustomer({ phone_number: '+905551112233', name: 'Derya' });

        for (const response of [
          await get(`${CUSTOMERS}/${id}`),
          await remove(`${CUSTOMERS}/${id}`),
        ]) {
          expect(response.status).toBe(400);
          expect(fieldsOf((await response.json()) as ErrorAnswer)).toEqual(['id']);
        }
        expect(await customerRows()).toHaveLength(1);
      },
    );
  });

  describe(GROUPS, () => {
    it("should list seed 004's groups ordered by id", async () => {
      const response = await get(GROUPS);

      expect(response.status).toBe(200);
      const body = (await response.json()) as CriticalGroupAnswer[];
      expect(
        body.map(({ name, priority_boost, is_active }) => [name, priority_boost, is_active]),
      ).toEqual(SEEDED_GROUPS.map(([name, boost]) => [name, boost, true]));
      const ids = body.map((group) => group.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(body.every((group) => ISO_TIME.test(group.created_at))).toBe(true);
    });

    it('should store a group, answer 201 with the row and show it', async () => {
      const before = Date.now();

      const response = await post(GROUPS, { name: ' İzer Kargo Ekibi 🚚 ', extra: true });

      expect(response.status).toBe(201);
      const body = (await response.json()) as CriticalGroupAnswer;
      expect(body).toEqual({
        id: expect.any(Number) as unknown,
        name: 'İzer Kargo Ekibi 🚚',
        priority_boost: 2,
        is_active: true,
        created_at: expect.stringMatching(ISO_TIME) as unknown,
      });
      expect(Date.parse(body.created_at)).toBeGreaterThanOrEqual(before);
      const rows = await groupRows();
      expect(rows.at(-1)).toEqual({
        id: body.id,
        name: 'İzer Kargo Ekibi 🚚',
        priorityBoost: 2,
        isActive: true,
        createdAt: new Date(body.created_at),
      });
      expect(rows).toHaveLength(SEEDED_GROUPS.length + 1);
      const one = await get(`${GROUPS}/${body.id}`);
      expect(one.status).toBe(200);
      expect(await one.json()).toEqual(body);
      const list = (await (await get(GROUPS)).json()) as CriticalGroupAnswer[];
      expect(list).toHaveLength(SEEDED_GROUPS.length + 1);
      expect(list.at(-1)).toEqual(body);
    });

    it('should store a name of 191 characters exactly with its boost', async () => {
      const name = `${'Ş'.repeat(90)}${'👩‍💻'.repeat(1)}${'ı'.repeat(98)}`;
      expect([...name]).toHaveLength(191);

      const body = await createGroup({ name, priority_boost: 5 });

      expect(body).toMatchObject({ name, priority_boost: 5 });
      expect((await groupRows()).at(-1)).toMatchObject({ name, priorityBoost: 5 });
    });

    it.each([
      ['the same name', 'Gece Vardiyası'],
      ['the name in other case', 'GECE VARDİYASI'],
      ['the name without Turkish letters and with extra spaces', 'gece   vardiyasi'],
    ])('should answer 409 for %s and store nothing', async (_case, name) => {
      await createGroup({ name: 'Gece Vardiyası', priority_boost: 4 });

      const response = await post(GROUPS, { name });

      expect(response.status).toBe(409);
      expect(await response.json()).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: 'a critical group with this name already exists',
      });
      expect(await groupRows()).toHaveLength(SEEDED_GROUPS.length + 1);
    });

    it('should answer 409 for a seeded group name', async () => {
      const response = await post(GROUPS, { name: 'vip customers', priority_boost: 5 });

      expect(response.status).toBe(409);
      expect(await groupRows()).toHaveLength(SEEDED_GROUPS.length);
    });

    it.each<[string, unknown, string[]]>([
      ['an empty body', {}, ['name']],
      ['a null name', { name: null }, ['name']],
      ['an empty name', { name: '' }, ['name']],
      ['a numeric name', { name: 7 }, ['name']],
      ['a name of 192 characters', { name: 'g'.repeat(192) }, ['name']],
      ['a boost of 0', { name: 'Night Shift', priority_boost: 0 }, ['priority_boost']],
      ['a boost of 6', { name: 'Night Shift', priority_boost: 6 }, ['priority_boost']],
      ['a boost as a string', { name: 'Night Shift', priority_boost: '2' }, ['priority_boost']],
      ['a wrong name and boost', { name: ['x'], priority_boost: -1 }, ['name', 'priority_boost']],
    ])(
      'should answer 400 naming the fields for %s and store nothing',
      async (_case, body, fields) => {
        const response = await post(GROUPS, body);

        expect(response.status).toBe(400);
        expect(fieldsOf((await response.json()) as ErrorAnswer)).toEqual(fields);
        expect(await groupRows()).toHaveLength(SEEDED_GROUPS.length);
      },
    );

    it('should delete a group: 204, then 404 on GET and on a second DELETE', async () => {
      const group = await createGroup({ name: 'Night Shift' });

      const response = await remove(`${GROUPS}/${group.id}`);

      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');
      expect((await groupRows()).map((row) => row.name)).toEqual(
        SEEDED_GROUPS.map(([name]) => name),
      );
      const again = await remove(`${GROUPS}/${group.id}`);
      expect(again.status).toBe(404);
      expect(await again.json()).toEqual({
        statusCode: 404,
        error: 'NotFound',
        message: `critical group ${group.id} not found`,
      });
      expect((await get(`${GROUPS}/${group.id}`)).status).toBe(404);
    });

    it.each(['abc', '0', '1.5', '2147483648'])(
      'should answer 400 naming id for %p on GET and DELETE',
      async (id) => {
        for (const response of [await get(`${GROUPS}/${id}`), await remove(`${GROUPS}/${id}`)]) {
          expect(response.status).toBe(400);
          expect(fieldsOf((await response.json()) as ErrorAnswer)).toEqual(['id']);
        }
        expect(await groupRows()).toHaveLength(SEEDED_GROUPS.length);
      },
    );
  });

  describe('the analysis of POST /webhook', () => {
    // Each message from another phone number: İzer conversations are per phone number, and the
    // history of an earlier message would change the analysis of the next.
    it('should boost the next message of a phone number as soon as it is added, and stop once deleted', async () => {
      const plain = await sendWebhook({
        phone_number: '+905554440000',
        current_message: PLAIN_TEXT,
      });
      expect(plain.stored.vipBoost).toBe(0);
      const base = plain.answer.analysis;
      const customer = await createCustomer({
        phone_number: '0090 555 444 33 22',
        name: 'Büyük Müşteri 💎',
        priority_boost: 5,
      });

      const boosted = await sendWebhook({
        phone_number: '+90 555 444 33 22',
        current_message: PLAIN_TEXT,
      });

      const urgency = Math.min(10, base.urgency_score + 5);
      const priority = boostedPriority(base.priority_level, urgency);
      expect(boosted.answer.analysis).toEqual({
        ...base,
        urgency_score: urgency,
        priority_level: priority,
        recommended_response_time: RESPONSE_TIME[priority],
        action_required: true,
      });
      expect(boosted.stored).toMatchObject({ urgencyScore: urgency, vipBoost: 5 });
      expect(boosted.stored.reasoning).toMatch(
        new RegExp(`^VIP boost \\+5 \\(important customer #${customer.id}\\); `),
      );

      expect((await remove(`${CUSTOMERS}/${customer.id}`)).status).toBe(204);
      const after = await sendWebhook({
        phone_number: '+905554443322',
        current_message: PLAIN_TEXT,
      });
      expect(after.stored.vipBoost).toBe(0);
      expect(after.stored.reasoning).not.toMatch(/VIP boost/);
    });

    it('should boost the next message of a chat as soon as its group is added, and stop once deleted', async () => {
      const plain = await sendWebhook({
        phone_number: '+905554440001',
        chat_name: 'Kargo Ekibi 🚚',
        current_message: PLAIN_TEXT,
      });
      const base = plain.answer.analysis;
      const group = await createGroup({ name: 'Kargo Ekibi 🚚', priority_boost: 3 });

      const boosted = await sendWebhook({
        phone_number: '+905554440002',
        chat_name: 'KARGO EKİBİ 🚚',
        current_message: PLAIN_TEXT,
      });

      const urgency = Math.min(10, base.urgency_score + 3);
      expect(boosted.answer.analysis).toMatchObject({
        urgency_score: urgency,
        priority_level: boostedPriority(base.priority_level, urgency),
        action_required: true,
      });
      expect(boosted.stored.vipBoost).toBe(3);
      expect(boosted.stored.reasoning).toMatch(
        /^VIP boost \+3 \(critical group "Kargo Ekibi 🚚"\); /,
      );

      expect((await remove(`${GROUPS}/${group.id}`)).status).toBe(204);
      const after = await sendWebhook({
        phone_number: '+905554440003',
        chat_name: 'Kargo Ekibi 🚚',
        current_message: PLAIN_TEXT,
      });
      expect(after.stored.vipBoost).toBe(0);
      expect(after.answer.analysis).toEqual(base);
    });

    it('should boost a message by platform user id (İzer uses the phone number as sender id)', async () => {
      await createCustomer({ platform_user_id: '+905554443322', name: 'By id', priority_boost: 1 });

      const boosted = await sendWebhook({ phone_number: '+905554443322' });

      expect(boosted.stored.vipBoost).toBe(1);
    });
  });
});

describe.each(testDatabaseKinds())(
  'admin VIP rule routes without ADMIN_API_TOKEN on %s',
  (kind) => {
    let database: TestDatabase;
    let sut: TestApp;

    beforeAll(async () => {
      database = await TestDatabase.create(kind);
      sut = await TestApp.start(database);
    }, BOOT_TIMEOUT_MS);

    afterAll(async () => {
      await sut?.close();
      await database?.drop();
    });

    it.each([
      ['without a token', {}],
      ['with a token', ADMIN],
    ])(
      'should answer 503 "admin API disabled" on every route %s and change nothing',
      async (_case, headers) => {
        for (const [method, path, body] of EVERY_ROUTE) {
          const response = await request(sut, method, path, headers, body);

          expect({ method, path, status: response.status }).toEqual({ method, path, status: 503 });
          expect(await response.json()).toEqual({ statusCode: 503, message: 'admin API disabled' });
        }
        const customers = await sut.dataSource.query<{ count: number | string }[]>(
          'SELECT COUNT(*) AS count FROM important_customers',
        );
        expect(Number(customers[0].count)).toBe(0);
        const groups = await sut.dataSource.query<{ name: string }[]>(
          'SELECT name FROM critical_groups ORDER BY id',
        );
        expect(groups.map((row) => row.name)).toEqual(SEEDED_GROUPS.map(([name]) => name));
      },
    );
  },
);
