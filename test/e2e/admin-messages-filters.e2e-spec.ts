import { MessageStatus } from 'src/core/message-status';
import { FILTER_SEEDS, LONG_TEXT } from 'test/factories/filter-seeds.factory';
import { insertTriagedMessage } from 'test/factories/triaged-message.factory';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds } from 'test/setup/test-database';

const ADMIN_TOKEN = 'inbox-filters-admin-token-0123456789';
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
const BOOT_TIMEOUT_MS = 120_000;
const ALL_STATES = Object.values(MessageStatus).join(',');

interface Summary {
  id: number;
  preview: string;
  [field: string]: unknown;
}

interface ListAnswer {
  messages: Summary[];
  next_before_id: number | null;
  open_urgent: { critical: number; high: number };
}

describe.each(testDatabaseKinds())('GET /admin/messages filters on %s', (kind) => {
  let database: TestDatabase;
  let sut: TestApp;
  const ids: Record<string, number> = {};

  const list = async (query: string): Promise<ListAnswer> => {
    const response = await sut.get(`/admin/messages?${query}`, ADMIN);
    expect(response.status).toBe(200);
    return (await response.json()) as ListAnswer;
  };
  const namesOf = (answer: ListAnswer): string[] =>
    answer.messages.map(
      (message) => Object.keys(ids).find((name) => ids[name] === message.id) ?? '?',
    );
  const listed = async (query: string): Promise<string[]> => namesOf(await list(query));

  beforeAll(async () => {
    database = await TestDatabase.create(kind);
    sut = await TestApp.start(database, { ADMIN_API_TOKEN: ADMIN_TOKEN });
    for (const [name, spec] of Object.entries(FILTER_SEEDS)) {
      ids[name] = (await insertTriagedMessage(sut.dataSource, spec)).message.id;
    }
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await sut?.close();
    await database?.drop();
  });

  it('should list failed and dead messages, newest received first, when no state is given', async () => {
    expect(await listed('')).toEqual(['C', 'G', 'B']);
  });

  it('should list every state newest received first, whatever order the rows were stored in', async () => {
    expect(await listed(`status=${ALL_STATES}`)).toEqual(['E', 'D', 'A', 'C', 'G', 'H', 'B', 'F']);
  });

  it.each([
    ['priority=critical', ['A', 'H', 'B']],
    ['priority=critical,high', ['A', 'C', 'G', 'H', 'B']],
    ['priority=critical&priority=high', ['A', 'C', 'G', 'H', 'B']],
    ['category=complaint', ['A', 'C']],
    ['category=sales,general', ['D', 'G', 'F']],
    ['platform=whatsapp,kore', ['A', 'H', 'B', 'F']],
    ['platform=kore&priority=critical&status=dead', ['B']],
    ['status=received,analyzed', ['E', 'H']],
    ['since=2025-03-03T09:00:00Z&until=2025-03-03T11:30:00Z', ['A', 'C', 'G']],
    ['since=2025-03-03T11:00:00.001Z', ['E', 'D']],
    ['until=2025-03-02T10:00:00Z', []],
    ['until=2025-03-02T10:00:00.001Z', ['F']],
  ])('should apply %s', async (filter, expected) => {
    const query = filter.includes('status=') ? filter : `status=${ALL_STATES}&${filter}`;

    expect(await listed(query)).toEqual(expected);
  });

  it.each([
    ['iade', ['E'], 'a dotted capital İ and upper case'],
    ['SIKAYET', ['C'], 'upper case without the cedilla'],
    ['hala gelmedi', ['C'], 'a circumflex left out'],
    ['derya', ['A'], "the sender's name"],
    ['kargo', ['F'], 'the conversation name'],
    ['100%', ['F'], 'a literal percent sign (not 1000)'],
    ['%', ['F'], 'a percent sign alone'],
    ['in_M', [], 'an underscore matching only itself'],
    ['  quote  ', ['G'], 'surrounding blanks'],
    ['no such words', [], 'text no message has'],
  ])('should search %p: %s', async (text, expected) => {
    expect(await listed(`status=${ALL_STATES}&q=${encodeURIComponent(text)}`)).toEqual(expected);
  });

  it('should page through the same order with before_id and end with null', async () => {
    const pages: string[][] = [];
    let query = `status=${ALL_STATES}&limit=3`;
    for (;;) {
      const answer = await list(query);
      pages.push(namesOf(answer));
      if (answer.next_before_id === null) {
        break;
      }
      query = `status=${ALL_STATES}&limit=3&before_id=${answer.next_before_id}`;
    }

    expect(pages).toEqual([
      ['E', 'D', 'A'],
      ['C', 'G', 'H'],
      ['B', 'F'],
    ]);
  });

  it('should page a filtered list with the filter kept', async () => {
    const first = await list(`status=${ALL_STATES}&priority=critical,high&limit=2`);
    const second = await list(
      `status=${ALL_STATES}&priority=critical,high&limit=2&before_id=${first.next_before_id}`,
    );
    const third = await list(
      `status=${ALL_STATES}&priority=critical,high&limit=2&before_id=${second.next_before_id}`,
    );

    expect([namesOf(first), namesOf(second), namesOf(third)]).toEqual([
      ['A', 'C'],
      ['G', 'H'],
      ['B'],
    ]);
    expect(third.next_before_id).toBeNull();
  });

  it('should answer each row with its sender, preview, analysis and routing outcome', async () => {
    const answer = await list(`status=${ALL_STATES}`);
    const row = (name: string): Summary | undefined =>
      answer.messages.find((message) => message.id === ids[name]);

    expect(row('A')).toEqual({
      id: ids.A,
      platform: 'whatsapp',
      external_id: expect.any(String) as unknown,
      conversation_id: '905551234567',
      conversation_name: null,
      sender: { id: '905551234567', name: 'Derya Yılmaz', phone: '+905551234567' },
      preview: 'Motor yanıyor, duman çıkıyor!',
      status: 'done',
      handling: 'route',
      attempts: 1,
      last_error: null,
      next_attempt_at: null,
      received_at: '2025-03-03T11:00:00.000Z',
      processed_at: null,
      analysis: {
        urgency_score: 10,
        priority_level: 'critical',
        category: 'complaint',
        sentiment: 'urgent',
        analyzer: 'openai',
        model: 'gpt-4o-mini',
      },
      routing: {
        agent: 'business_workflow',
        outcome: 'succeeded',
        is_fallback: false,
        attempts: 1,
      },
    });
    expect(row('B')).toMatchObject({
      status: 'dead',
      last_error: 'routing failed',
      routing: { agent: 'agent_hub', outcome: 'failed', is_fallback: true, attempts: 2 },
    });
    expect(row('E')).toMatchObject({ status: 'received', analysis: null, routing: null });
    const preview = Array.from(row('H')?.preview ?? '');
    expect(preview).toHaveLength(160);
    expect(preview.join('')).toBe(`${Array.from(LONG_TEXT).slice(0, 159).join('')}…`);
  });

  it('should count critical and high messages not done, whatever the filters', async () => {
    const unfiltered = await list('');
    const filtered = await list('priority=low&platform=kindly');

    expect(unfiltered.open_urgent).toEqual({ critical: 2, high: 2 });
    expect(filtered.open_urgent).toEqual({ critical: 2, high: 2 });
  });

  it.each([
    ['priority=urgent', ['priority']],
    ['category=billing', ['category']],
    ['platform=telegram', ['platform']],
    ['platform=whatsapp,', ['platform']],
    ['since=yesterday', ['since']],
    ['until=2025-02-30T00:00:00Z', ['until']],
    [`q=${'x'.repeat(201)}`, ['q']],
    ['before_id=0&limit=501', ['before_id', 'limit']],
  ])('should answer 400 naming the fields for %s', async (query, fields) => {
    const response = await sut.get(`/admin/messages?${query}`, ADMIN);

    expect(response.status).toBe(400);
    const body = (await response.json()) as { fields: { field: string }[] };
    expect(body.fields.map((field) => field.field).sort()).toEqual(fields);
  });

  it('should answer 401 without the admin token', async () => {
    const response = await sut.get('/admin/messages?priority=critical');

    expect(response.status).toBe(401);
  });
});
