import { ADMIN, ADMIN_TOKEN } from 'test/setup/admin-api';
import {
  adminRequest,
  AdminVipApp,
  CUSTOMERS,
  EVERY_ROUTE,
  GROUPS,
} from 'test/setup/admin-vip-app';
import { SEEDED_GROUPS } from 'test/setup/seeded-groups';
import { useTestApp } from 'test/setup/suite-hooks';
import { testDatabaseKinds } from 'test/setup/test-database';

// Who may use the admin VIP routes: the token first, and nobody without ADMIN_API_TOKEN.
describe.each(testDatabaseKinds())('admin VIP rule routes on %s', (kind) => {
  const vip = AdminVipApp.use(kind);
  const { customerRows, groupRows, get, remove } = vip;

  describe('authentication', () => {
    it.each([
      ['no Authorization header', {}],
      ['a wrong token', { authorization: 'Bearer admin-token-for-tests-0123456780' }],
      ['the token without the Bearer scheme', { authorization: ADMIN_TOKEN }],
    ])('should answer 401 to %s on every route and change nothing', async (_case, headers) => {
      for (const [method, path, body] of EVERY_ROUTE) {
        const response = await adminRequest(vip.sut, method, path, headers, body);

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
});

describe.each(testDatabaseKinds())(
  'admin VIP rule routes without ADMIN_API_TOKEN on %s',
  (kind) => {
    const app = useTestApp(kind);

    it.each([
      ['without a token', {}],
      ['with a token', ADMIN],
    ])(
      'should answer 503 "admin API disabled" on every route %s and change nothing',
      async (_case, headers) => {
        for (const [method, path, body] of EVERY_ROUTE) {
          const response = await adminRequest(app.sut, method, path, headers, body);

          expect({ method, path, status: response.status }).toEqual({ method, path, status: 503 });
          expect(await response.json()).toEqual({ statusCode: 503, message: 'admin API disabled' });
        }
        const customers = await app.sut.dataSource.query<{ count: number | string }[]>(
          'SELECT COUNT(*) AS count FROM important_customers',
        );
        expect(Number(customers[0].count)).toBe(0);
        const groups = await app.sut.dataSource.query<{ name: string }[]>(
          'SELECT name FROM critical_groups ORDER BY id',
        );
        expect(groups.map((row) => row.name)).toEqual(SEEDED_GROUPS.map(([name]) => name));
      },
    );
  },
);
