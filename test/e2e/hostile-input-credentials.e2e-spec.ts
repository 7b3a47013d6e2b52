import { adminReadRoutes, SECRETS } from 'test/factories/route-catalogue.factory';
import { type ErrorAnswer } from 'test/setup/admin-api';
import { BODY_LIMIT, HOSTILE_BODIES, HostileInputApp, nested } from 'test/setup/hostile-input-app';
import { testDatabaseKinds } from 'test/setup/test-database';

describe.each(testDatabaseKinds())('hostile input on %s', (kind) => {
  const hostile = HostileInputApp.use(kind);
  const { send, writesOf, sendSigned, routeNamed } = hostile;

  describe('credentials before the body', () => {
    it.each(HOSTILE_BODIES)(
      'should answer 401 to %s without credentials on every POST route, and store nothing',
      async (_case, contentType, body) => {
        for (const route of [...hostile.routes, ...adminReadRoutes()]) {
          const before = await writesOf(route);

          const response = await send(route, route.method === 'GET' ? undefined : body, {
            'content-type': contentType,
          });

          expect([route.name, response.status]).toEqual([route.name, 401]);
          expect(await writesOf(route)).toEqual(before);
        }
      },
    );

    it('should answer 401 to wrong credentials whatever the body', async () => {
      const wrong: Record<string, Record<string, string>> = {
        '/webhook': { authorization: 'Bearer wrong' },
        '/webhooks/whatsapp': { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
        '/webhooks/userlike': { [SECRETS.userlikeHeader]: 'wrong' },
        '/webhooks/kindly': {
          'kindly-hmac': 'AAAA',
          'kindly-hmac-algorithm': 'HMAC-SHA-256 (base64 encoded)',
        },
        '/webhooks/kore': { authorization: 'Bearer wrong' },
        '/kore-webhook': { authorization: `Bearer ${SECRETS.admin}` },
        '/messages/proactive': { authorization: `Bearer ${SECRETS.izer}` },
      };
      for (const route of hostile.routes) {
        const headers = wrong[route.path] ?? { token: 'not.a.jwt', authorization: 'Bearer x' };
        for (const [, contentType, body] of HOSTILE_BODIES) {
          const response = await send(route, body, { 'content-type': contentType, ...headers });
          expect([route.name, response.status]).toEqual([route.name, 401]);
        }
      }
    });

    it('should answer the admin 401 with a bearer challenge and a generic message', async () => {
      const response = await send({ method: 'POST', path: '/admin/critical-groups' }, '{"name":', {
        'content-type': 'application/json',
        authorization: 'Bearer nope',
      });

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="admin"');
      const body = (await response.json()) as ErrorAnswer;
      expect(body.message).toBe('invalid or missing admin credentials');
      expect(JSON.stringify(body)).not.toContain(SECRETS.admin.slice(0, 8));
    });

    it('should check the body once the credentials are right', async () => {
      const izer = routeNamed('POST /webhook');

      expect((await sendSigned(izer, '{"message_id": ')).status).toBe(400);
      expect((await sendSigned(izer, '{"__proto__": {"a": 1}}')).status).toBe(400);
      expect((await sendSigned(izer, nested(200))).status).toBe(400);
      expect((await sendSigned(izer, 'hello', 'text/plain')).status).toBe(415);
      expect((await sendSigned(izer, `{"a":"${'x'.repeat(BODY_LIMIT)}"}`)).status).toBe(413);
    });

    it('should answer 401 to a signed body over the limit, whose signature cannot be checked unread', async () => {
      const whatsapp = routeNamed('POST /webhooks/whatsapp');
      const body = JSON.stringify({
        object: 'whatsapp_business_account',
        pad: 'x'.repeat(BODY_LIMIT),
      });

      const response = await sendSigned(whatsapp, body);

      expect(response.status).toBe(401);
    });
  });
});
