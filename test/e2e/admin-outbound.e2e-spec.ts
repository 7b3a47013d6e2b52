import { Platform } from 'src/core/inbound-message';
import { MessageStatus } from 'src/core/message-status';
import { OutboundStatus } from 'src/core/outbound-status';
import { OutboundService } from 'src/replies/outbound.service';
import { insertOutboundMessage } from 'test/factories/outbound-message.factory';
import { insertWebhookMessage } from 'test/factories/webhook-message.factory';
import { WhatsappHarness } from 'test/factories/whatsapp-harness';
import { WHATSAPP_CUSTOMER } from 'test/factories/whatsapp-payload.factory';
import { ADMIN, ADMIN_TOKEN, type ErrorAnswer } from 'test/setup/admin-api';
import { adminOutboundApi } from 'test/setup/admin-outbound-api';
import { testDatabaseKinds } from 'test/setup/test-database';

jest.setTimeout(90_000);

const STRANGER = '905559999999';
const TEMPLATE = {
  name: 'order_shipped',
  language: 'tr',
  components: [{ type: 'body', parameters: [{ type: 'text', text: 'A-1042' }] }],
};

// The dead letters of outbound sends, sent again on an admin's word.
describe.each(testDatabaseKinds())(
  'GET /admin/outbound and POST /admin/outbound/:id/retry on %s',
  (kind) => {
    const h = WhatsappHarness.use(kind, {
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      OUTBOUND_MAX_ATTEMPTS: '2',
    });
    const { graphPosts } = h;

    const { rowOf, rowEnds, list, idsOf, retry } = adminOutboundApi(h);

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
  },
);
