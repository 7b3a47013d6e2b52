import { ADMIN, ADMIN_TOKEN } from 'test/setup/admin-api';
import { AdminMessagesApp } from 'test/setup/admin-messages-app';
import { useTestApp } from 'test/setup/suite-hooks';
import { testDatabaseKinds } from 'test/setup/test-database';

// Who may use the admin message routes: the token first, and nobody without ADMIN_API_TOKEN.
describe.each(testDatabaseKinds())('admin message routes on %s', (kind) => {
  const admin = AdminMessagesApp.use(kind);
  const { count } = admin;

  describe('authentication', () => {
    it.each([
      ['no Authorization header', {}],
      ['a wrong token', { authorization: 'Bearer admin-token-for-tests-0123456780' }],
      ['the token without the Bearer scheme', { authorization: ADMIN_TOKEN }],
      ['another scheme', { authorization: `Basic ${ADMIN_TOKEN}` }],
    ])('should answer 401 to %s on both routes and store nothing', async (_case, headers) => {
      const responses = [
        await admin.sut.get('/messages/1', headers),
        await admin.sut.post(
          '/messages/proactive',
          { platform: 'izer', recipient: 'u-1', text: 'hi' },
          headers,
        ),
      ];

      for (const response of responses) {
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="admin"');
        const text = await response.text();
        expect(JSON.parse(text)).toMatchObject({
          statusCode: 401,
          message: 'invalid or missing admin credentials',
        });
        expect(text).not.toContain(ADMIN_TOKEN.slice(0, 12));
      }
      expect(await count('outbound_messages')).toBe(0);
      expect(admin.platformApi.requests).toHaveLength(0);
    });

    it('should check the token before the id', async () => {
      const response = await admin.sut.get('/messages/abc');

      expect(response.status).toBe(401);
    });
  });
});

describe.each(testDatabaseKinds())('admin message routes without ADMIN_API_TOKEN on %s', (kind) => {
  const app = useTestApp(kind);

  it.each([
    ['GET /messages/1 without a token', () => app.sut.get('/messages/1')],
    ['GET /messages/1 with a token', () => app.sut.get('/messages/1', ADMIN)],
    [
      'POST /messages/proactive',
      () =>
        app.sut.post(
          '/messages/proactive',
          { platform: 'izer', recipient: 'u', text: 'hi' },
          ADMIN,
        ),
    ],
  ])('should answer 503 "admin API disabled" to %s', async (_case, call) => {
    const response = await call();

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ statusCode: 503, message: 'admin API disabled' });
    const rows = await app.sut.dataSource.query<{ count: number | string }[]>(
      'SELECT COUNT(*) AS count FROM outbound_messages',
    );
    expect(Number(rows[0].count)).toBe(0);
  });
});
