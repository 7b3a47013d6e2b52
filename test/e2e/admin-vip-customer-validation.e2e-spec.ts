import { ADMIN, type ErrorAnswer, fieldsOf } from 'test/setup/admin-api';
import { AdminVipApp, CUSTOMERS } from 'test/setup/admin-vip-app';
import { testDatabaseKinds } from 'test/setup/test-database';

describe.each(testDatabaseKinds())('admin VIP rule routes on %s', (kind) => {
  const vip = AdminVipApp.use(kind);
  const { customerRows, post } = vip;

  describe(CUSTOMERS, () => {
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
      const response = await vip.sut.post(CUSTOMERS, '{"name": ', ADMIN);

      expect(response.status).toBe(400);
      expect(await customerRows()).toEqual([]);
    });
  });
});
