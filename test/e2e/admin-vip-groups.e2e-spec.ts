import { type ErrorAnswer, fieldsOf } from 'test/setup/admin-api';
import { AdminVipApp, type CriticalGroupAnswer, GROUPS, ISO_TIME } from 'test/setup/admin-vip-app';
import { SEEDED_GROUPS } from 'test/setup/seeded-groups';
import { testDatabaseKinds } from 'test/setup/test-database';

describe.each(testDatabaseKinds())('admin VIP rule routes on %s', (kind) => {
  const vip = AdminVipApp.use(kind);
  const { groupRows, get, post, remove, createGroup } = vip;

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
});
