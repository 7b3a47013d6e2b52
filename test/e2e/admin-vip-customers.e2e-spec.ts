import { type ErrorAnswer, fieldsOf } from 'test/setup/admin-api';
import {
  AdminVipApp,
  CUSTOMERS,
  type ImportantCustomerAnswer,
  ISO_TIME,
} from 'test/setup/admin-vip-app';
import { testDatabaseKinds } from 'test/setup/test-database';

describe.each(testDatabaseKinds())('admin VIP rule routes on %s', (kind) => {
  const vip = AdminVipApp.use(kind);
  const { customerRows, get, post, remove, createCustomer } = vip;

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
});
