import { Platform } from 'src/core/inbound-message';
import { MessageStatus } from 'src/core/message-status';
import { OutboundStatus } from 'src/core/outbound-status';
import { OutboundService } from 'src/replies/outbound.service';
import { insertOutboundMessage } from 'test/factories/outbound-message.factory';
import { insertWebhookMessage } from 'test/factories/webhook-message.factory';
import { type OutboundRow, WhatsappHarness } from 'test/factories/whatsapp-harness';
import { WHATSAPP_CUSTOMER } from 'test/factories/whatsapp-payload.factory';
import { ADMIN, ADMIN_TOKEN, type ErrorAnswer, fieldsOf } from 'test/setup/admin-api';
import { testDatabaseKinds } from 'test/setup/test-database';

jest.setTimeout(90_000);

const STRANGER = '905559999999';
const TEMPLATE = {
  name: 'order_shipped',
  language: 'tr',
  components: [{ type: 'body', parameters: [{ type: 'text', text: 'A-1042' }] }],
};

interface ListAnswer {
  outbound: { id: number; status: string; platform: string }[];
  next_before_id: number | null;
}

// The dead letters of outbound sends: listed for admins, and sent again on their word.
describe.each(testDatabaseKinds())(
  'GET /admin/outbound and POST /admin/outbound/:id/retry on %s',
  (kind) => {
    const h = WhatsappHarness.use(kind, {
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      OUTBOUND_MAX_ATTEMPTS: '2',
    });
    const { graphPosts, outboundRows, waitForOutbound } = h;

    const rowOf = async (id: number): Promise<OutboundRow> => {
      const row = (await outboundRows()).find((candidate) => candidate.id === id);
      if (!row) {
        throw new Error(`no outbound row ${id}`);
      }
      return row;
    };
    const rowEnds = async (id: number, status: string): Promise<OutboundRow> => {
      await waitForOutbound(
        (rows) => rows.some((row) => row.id === id && row.status === status),
        `outbound ${id} to be ${status}`,
      );
      return rowOf(id);
    };
    const list = async (query: string): Promise<ListAnswer> => {
      const response = await h.sut.get(`/admin/outbound${query}`, ADMIN);
      expect(response.status).toBe(200);
      return (await response.json()) as ListAnswer;
    };
    const idsOf = (answer: ListAnswer): number[] => answer.outbound.map((row) => row.id);
    const retry = (
      id: number | string,
      headers: Record<string, string> = ADMIN,
    ): Promise<Response> => h.sut.post(`/admin/outbound/${id}/retry`, {}, headers);

    // The customer wrote a minute ago: free text may go to them.
    const customerWroteRecently = () =>
      insertWebhookMessage(h.sut.dataSource, {
        platform: Platform.WhatsApp,
        conversationId: WHATSAPP_CUSTOMER,
        senderId: WHATSAPP_CUSTOMER,
        status: MessageStatus.Done,
        receivedAt: new Date(Date.now() - 60_000),
      });

    const queueProactive = async (body: Record<string, unknown>): Promise<number> => {
      const response = await h.sut.post(
        '/messages/proactive',
        { platform: 'whatsapp', ...body },
        ADMIN,
      );
      expect(response.status).toBe(202);
      return ((await response.json()) as { id: number }).id;
    };

    describe('a send that failed for good', () => {
      it('should list free text that failed, send it again once the Graph API is back and end sent', async () => {
        await customerWroteRecently();
        h.answerGraph(503);
        const id = await queueProactive({
          recipient: WHATSAPP_CUSTOMER,
          text: 'Siparişiniz yola çıktı 🚲',
        });
        const failed = await rowEnds(id, OutboundStatus.Failed);
        expect(Number(failed.attempts)).toBe(2);
        expect(h.graph.requests).toHaveLength(2);

        const listed = await list('?status=failed');

        expect(listed).toEqual({
          outbound: [
            {
              id,
              platform: 'whatsapp',
              kind: 'proactive',
              status: 'failed',
              message_id: null,
              conversation_id: null,
              recipient: WHATSAPP_CUSTOMER,
              text: 'Siparişiniz yola çıktı 🚲',
              template: null,
              attempts: 2,
              last_error: failed.last_error,
              external_id: null,
              created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
              updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
            },
          ],
          next_before_id: null,
        });
        expect(failed.last_error).toContain('HTTP 503');
        h.answerGraph();

        const response = await retry(id);

        expect(response.status).toBe(202);
        expect(await response.json()).toEqual({ id, status: 'queued' });
        const sent = await rowEnds(id, OutboundStatus.Sent);
        expect(sent).toMatchObject({ external_id: 'wamid.OUT3', last_error: null });
        expect(Number(sent.attempts)).toBe(1);
        expect(h.graph.requests).toHaveLength(3);
        expect(h.graph.requests[2].json).toEqual(h.graph.requests[0].json);
        expect(h.graph.requests[2].json).toMatchObject({ type: 'text', to: WHATSAPP_CUSTOMER });
        expect(await list('')).toEqual({ outbound: [], next_before_id: null });
      });

      it('should send the same template again to a number that never wrote', async () => {
        h.answerGraph(500);
        const id = await queueProactive({ recipient: STRANGER, template: TEMPLATE });
        await rowEnds(id, OutboundStatus.Failed);
        const listed = await list('?status=failed&platform=whatsapp');
        expect(idsOf(listed)).toEqual([id]);
        expect(listed.outbound[0]).toMatchObject({
          recipient: STRANGER,
          text: '[template order_shipped/tr]',
          template: TEMPLATE,
        });
        h.answerGraph();

        const response = await retry(id);

        expect(response.status).toBe(202);
        const sent = await rowEnds(id, OutboundStatus.Sent);
        expect(sent.external_id).toBe('wamid.OUT3');
        expect(graphPosts()).toHaveLength(3);
        const expected = {
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: STRANGER,
          type: 'template',
          template: {
            name: 'order_shipped',
            language: { code: 'tr' },
            components: TEMPLATE.components,
          },
        };
        expect(graphPosts()).toEqual([expected, expected, expected]);
      });

      it('should retry a needs_template row that carries a template', async () => {
        const id = await insertOutboundMessage(h.sut.dataSource, {
          status: OutboundStatus.NeedsTemplate,
          recipient: STRANGER,
          text: '[template order_shipped/tr]',
          template: TEMPLATE,
        });

        const response = await retry(id);

        expect(response.status).toBe(202);
        await rowEnds(id, OutboundStatus.Sent);
        expect(graphPosts()).toEqual([expect.objectContaining({ type: 'template', to: STRANGER })]);
      });
    });

    describe('refused retries', () => {
      it('should answer 404 to an unknown id', async () => {
        const response = await retry(999_999);

        expect(response.status).toBe(404);
        expect(await response.json()).toEqual({
          statusCode: 404,
          error: 'NotFound',
          message: 'outbound message 999999 not found',
        });
      });

      it('should answer 409 to a send that went out, and send nothing', async () => {
        await customerWroteRecently();
        const id = await queueProactive({ recipient: WHATSAPP_CUSTOMER, text: 'Merhaba' });
        await rowEnds(id, OutboundStatus.Sent);

        const response = await retry(id);

        expect(response.status).toBe(409);
        expect(await response.json()).toEqual({
          statusCode: 409,
          error: 'Conflict',
          message: `outbound message ${id} is sent: only failed sends are sent again`,
        });
        await h.sut.app.get(OutboundService).whenIdle();
        expect(await rowOf(id)).toMatchObject({ status: 'sent', external_id: 'wamid.OUT1' });
        expect(h.graph.requests).toHaveLength(1);
      });

      it('should answer 409 to free text that needs a template, leaving it as it is', async () => {
        const id = await insertOutboundMessage(h.sut.dataSource, {
          status: OutboundStatus.NeedsTemplate,
          recipient: STRANGER,
        });

        const response = await retry(id);

        expect(response.status).toBe(409);
        const answer = (await response.json()) as ErrorAnswer;
        expect(answer).toMatchObject({ statusCode: 409, error: 'Conflict' });
        expect(answer.message).toBe(
          `outbound message ${id} needs a template: free text outside the window would be ` +
            'refused again; send a template through POST /messages/proactive',
        );
        expect(await rowOf(id)).toMatchObject({ status: 'needs_template' });
        expect(h.graph.requests).toHaveLength(0);
      });
    });

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
        expect(
          idsOf(await list('?status=failed,needs_template&platform=whatsapp,userlike')),
        ).toEqual([e, d, b, a]);
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
  },
);
