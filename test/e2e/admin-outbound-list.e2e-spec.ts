import { Platform } from 'src/core/inbound-message';
import { OutboundStatus } from 'src/core/outbound-status';
import { insertOutboundMessage } from 'test/factories/outbound-message.factory';
import { WhatsappHarness } from 'test/factories/whatsapp-harness';
import { ADMIN, ADMIN_TOKEN, type ErrorAnswer, fieldsOf } from 'test/setup/admin-api';
import { adminOutboundApi } from 'test/setup/admin-outbound-api';
import { testDatabaseKinds } from 'test/setup/test-database';

jest.setTimeout(90_000);

// The outbound dead letters as admins list them: paged, filtered, checked and guarded.
describe.each(testDatabaseKinds())('GET /admin/outbound on %s', (kind) => {
  const h = WhatsappHarness.use(kind, { ADMIN_API_TOKEN: ADMIN_TOKEN });
  const { rowOf, list, idsOf, retry } = adminOutboundApi(h);

  describe('listing', () => {
    it('should page newest first with limit and before_id, and filter by status and platform', async () => {
      const insert = (status: OutboundStatus, platform = Platform.WhatsApp) =>
        insertOutboundMessage(h.sut.dataSource, { status, platform });
      const a = await insert(OutboundStatus.Failed);
      const b = await insert(OutboundStatus.NeedsTemplate);
      await insert(OutboundStatus.Sent);
      const d = await insert(OutboundStatus.Failed, Platform.Userlike);
      const e = await insert(OutboundStatus.Failed);

      const first = await list('?limit=2');
      const second = await list(`?limit=2&before_id=${first.next_before_id}`);

      expect([idsOf(first), first.next_before_id]).toEqual([[e, d], d]);
      expect([idsOf(second), second.next_before_id]).toEqual([[b, a], null]);
      expect(idsOf(await list(''))).toEqual([e, d, b, a]);
      expect(idsOf(await list('?status=needs_template'))).toEqual([b]);
      expect(idsOf(await list('?platform=userlike'))).toEqual([d]);
      expect(idsOf(await list('?status=failed&platform=whatsapp'))).toEqual([e, a]);
      expect(idsOf(await list('?status=failed,needs_template&platform=whatsapp,userlike'))).toEqual(
        [e, d, b, a],
      );
      const one = await list('?limit=1');
      expect([idsOf(one), one.next_before_id]).toEqual([[e], e]);
      expect(idsOf(await list(`?before_id=${a}`))).toEqual([]);
    });

    it.each<[string, string[]]>([
      ['?status=sent', ['status']],
      ['?status=queued', ['status']],
      ['?status=failed,dead', ['status']],
      ['?status=', ['status']],
      ['?platform=telegram', ['platform']],
      ['?limit=0', ['limit']],
      ['?limit=501', ['limit']],
      ['?limit=ten', ['limit']],
      ['?before_id=0', ['before_id']],
      ['?before_id=-1', ['before_id']],
      ['?before_id=1.5', ['before_id']],
      ['?status=sent&limit=0', ['limit', 'status']],
    ])('should answer 400 naming the field for %s', async (query, fields) => {
      const response = await h.sut.get(`/admin/outbound${query}`, ADMIN);

      expect(response.status).toBe(400);
      const answer = (await response.json()) as ErrorAnswer;
      expect(answer).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(fieldsOf(answer)).toEqual(fields);
    });

    it('should answer 400 naming the id for a retry of an id that is no number', async () => {
      const response = await retry('abc');

      expect(response.status).toBe(400);
      expect(fieldsOf((await response.json()) as ErrorAnswer)).toEqual(['id']);
    });
  });

  describe('authentication', () => {
    it.each([
      ['no Authorization header', {}],
      ['a wrong token', { authorization: 'Bearer admin-token-for-tests-0123456780' }],
      ['the token without the Bearer scheme', { authorization: ADMIN_TOKEN }],
    ])('should answer 401 to %s on both routes and change nothing', async (_case, headers) => {
      const id = await insertOutboundMessage(h.sut.dataSource);

      const responses = [await h.sut.get('/admin/outbound', headers), await retry(id, headers)];

      for (const response of responses) {
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="admin"');
        expect(await response.json()).toMatchObject({
          statusCode: 401,
          message: 'invalid or missing admin credentials',
        });
      }
      expect(await rowOf(id)).toMatchObject({ status: 'failed' });
      expect(h.graph.requests).toHaveLength(0);
    });
  });
});
