import { AppError, AppErrorCode } from 'src/common/errors/app-error';
import { AppConfig } from 'src/config/app-config';
import { Platform } from 'src/core/inbound-message';
import { MessageStatus } from 'src/core/message-status';
import { OutboundKind } from 'src/core/outbound-status';
import { OutboundService } from 'src/replies/outbound.service';
import { PlatformClientRegistry } from 'src/replies/platform-client.registry';
import { PlatformHttpClient } from 'src/replies/platform-http.client';
import { PlatformSendError } from 'src/replies/platform-send.error';
import { WhatsappClient } from 'src/platforms/whatsapp/whatsapp.client';
import {
  ACCESS_TOKEN,
  DEFAULT_PHONE_NUMBER_ID,
  WhatsappHarness,
} from 'test/factories/whatsapp-harness';
import {
  buildWhatsappPayload,
  buildWhatsappStatusPayload,
  WHATSAPP_CUSTOMER,
} from 'test/factories/whatsapp-payload.factory';
import { insertWebhookMessage } from 'test/factories/webhook-message.factory';
import { rejectionOf } from 'test/setup/rejection-of';
import { testDatabaseKinds } from 'test/setup/test-database';

// Generous bounds for a busy CI machine; every wait below ends as soon as its condition holds.
jest.setTimeout(90_000);

describe.each(testDatabaseKinds())('WhatsApp Cloud API replies and statuses on %s', (kind) => {
  const h = WhatsappHarness.use(kind);
  const {
    count,
    outboundRows,
    graphPosts,
    deliver,
    answerAgents,
    answerGraph,
    settle,
    waitForOutbound,
    replyFlow,
  } = h;

  describe('POST statuses', () => {
    it('should move the sent reply to delivered then read, storing and routing nothing', async () => {
      const { outbound } = await replyFlow();
      const wamid = outbound.external_id ?? '';

      const delivered = await deliver(
        buildWhatsappStatusPayload([{ id: wamid, status: 'delivered' }]),
      );
      expect(delivered.status).toBe(200);
      expect(await delivered.json()).toEqual({ status: 'received', messages: 0, statuses: 1 });
      expect((await outboundRows())[0].status).toBe('delivered');
      const read = await deliver(buildWhatsappStatusPayload([{ id: wamid, status: 'read' }]));

      expect(read.status).toBe(200);
      expect((await outboundRows())[0].status).toBe('read');
      expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(1);
      expect(await count('SELECT COUNT(*) AS count FROM analytics_results')).toBe(1);
      expect(await count('SELECT COUNT(*) AS count FROM agent_routing')).toBe(1);
      expect(h.agent.requests).toHaveLength(1);
      expect(h.graph.requests).toHaveLength(1);
    });

    it('should keep read when delivered arrives after it, and ignore statuses it does not track', async () => {
      const { outbound } = await replyFlow();
      const wamid = outbound.external_id ?? '';

      await deliver(buildWhatsappStatusPayload([{ id: wamid, status: 'read' }]));
      const late = await deliver(
        buildWhatsappStatusPayload([
          { id: wamid, status: 'delivered' },
          { id: wamid, status: 'played' },
        ]),
      );

      expect(late.status).toBe(200);
      expect((await outboundRows())[0].status).toBe('read');
    });

    it("should mark the reply failed with Meta's code and title, never its message text", async () => {
      const { outbound } = await replyFlow();
      const payload = buildWhatsappStatusPayload([
        {
          id: outbound.external_id ?? '',
          status: 'failed',
          errors: [
            { code: 131047, title: 'Re-engagement message', message: 'quoted: Siparişiniz yarın' },
          ],
        },
      ]);

      const response = await deliver(payload);

      expect(response.status).toBe(200);
      const [row] = await outboundRows();
      expect(row.status).toBe('failed');
      expect(row.last_error).toBe('WhatsApp error 131047: Re-engagement message');
      expect(h.agent.requests).toHaveLength(1);
    });

    it('should handle a delivery carrying both a new message and a status report', async () => {
      const { outbound } = await replyFlow();
      answerAgents({ status: 'accepted' });
      const payload = buildWhatsappPayload([{ body: 'Teşekkürler!' }], {
        statuses: [{ id: outbound.external_id ?? '', status: 'delivered' }],
      });

      const response = await deliver(payload);

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'received', messages: 1, statuses: 1 });
      expect((await outboundRows())[0].status).toBe('delivered');
      expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(2);
      await settle();
      expect(h.agent.requests).toHaveLength(2);
    });
  });

  describe('Graph API sends', () => {
    it('should retry a 429 after its Retry-After and end sent with 2 attempts', async () => {
      answerAgents({ reply: 'Hemen bakıyorum.' });
      let calls = 0;
      h.graph.respondWith(() => {
        calls += 1;
        return calls === 1
          ? {
              status: 429,
              headers: { 'retry-after': '1' },
              body: { error: { message: 'rate', code: 130429 } },
            }
          : { status: 200, body: { messages: [{ id: 'wamid.AFTER429' }] } };
      });

      await deliver(buildWhatsappPayload([{ body: 'Bisikletim bozuldu' }]));

      const [row] = await waitForOutbound(
        (rows) => rows.length === 1 && ['sent', 'failed'].includes(rows[0].status),
        'the reply to end',
      );
      expect(row.status).toBe('sent');
      expect(row.external_id).toBe('wamid.AFTER429');
      expect(Number(row.attempts)).toBe(2);
      expect(h.graph.requests).toHaveLength(2);
      expect(h.graph.requests[1].json).toEqual(h.graph.requests[0].json);
    });

    it('should mark a reply the Graph API refuses with 400 failed with the error, without retrying', async () => {
      answerAgents({ reply: 'Hemen bakıyorum.' });
      answerGraph(400);

      await deliver(buildWhatsappPayload([{ body: 'Bisikletim bozuldu' }]));

      const [row] = await waitForOutbound(
        (rows) => rows.length === 1 && ['sent', 'failed'].includes(rows[0].status),
        'the reply to end',
      );
      expect(row.status).toBe('failed');
      expect(row.last_error).toContain('HTTP 400');
      expect(row.last_error).toContain('131030');
      expect(row.last_error).not.toContain(ACCESS_TOKEN);
      expect(Number(row.attempts)).toBe(1);
      expect(h.graph.requests).toHaveLength(1);
    });

    it('should refuse free text to a number that never wrote, storing and sending nothing', async () => {
      const outbound = h.sut.app.get(OutboundService);

      const refusal = await rejectionOf(
        outbound.queueProactive({
          platform: 'whatsapp',
          recipient: '905559999999',
          text: 'Kampanya!',
          conversationId: null,
        }),
        AppError,
      );

      expect(refusal.code).toBe(AppErrorCode.TemplateRequired);
      expect(await outboundRows()).toEqual([]);
      expect(h.graph.requests).toHaveLength(0);
    });

    it('should keep a reply whose 24 hours ran out before it went out as needs_template, sending nothing', async () => {
      const inbound = await insertWebhookMessage(h.sut.dataSource, {
        platform: Platform.WhatsApp,
        conversationId: '905559999998',
        status: MessageStatus.Done,
        receivedAt: new Date(Date.now() - 25 * 60 * 60 * 1000),
      });
      const outbound = h.sut.app.get(OutboundService);

      const id = await outbound.queueReply({
        messageId: inbound.id,
        platform: Platform.WhatsApp,
        conversationId: '905559999998',
        replyTo: { recipient: '905559999998', delivery: null },
        text: 'Teşekkürler!',
        kind: OutboundKind.Reply,
      });
      await outbound.whenIdle();

      const [row] = await outboundRows();
      expect(row).toMatchObject({ id, status: 'needs_template', kind: OutboundKind.Reply });
      expect(h.graph.requests).toHaveLength(0);
    });

    it('should send a proactive message within 24 hours from the configured number without context', async () => {
      await deliver(buildWhatsappPayload([{ body: 'Merhaba' }]));
      await settle();
      const outbound = h.sut.app.get(OutboundService);

      await outbound.queueProactive({
        platform: 'whatsapp',
        recipient: WHATSAPP_CUSTOMER,
        text: 'Siparişiniz yola çıktı.',
        conversationId: null,
      });
      await outbound.whenIdle();

      const [row] = await outboundRows();
      expect(row.status).toBe('sent');
      expect(h.graph.requests).toHaveLength(1);
      expect(h.graph.requests[0].path).toBe(`/v21.0/${DEFAULT_PHONE_NUMBER_ID}/messages`);
      expect(h.graph.requests[0].json).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: WHATSAPP_CUSTOMER,
        type: 'text',
        text: { preview_url: false, body: 'Siparişiniz yola çıktı.' },
      });
    });
  });

  describe(WhatsappClient.name, () => {
    const clientWith = (env: Record<string, string>): WhatsappClient =>
      new WhatsappClient(
        h.sut.app.get(PlatformHttpClient),
        AppConfig.fromEnv({
          LOG_LEVEL: 'silent',
          WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN,
          WHATSAPP_PHONE_NUMBER_ID: DEFAULT_PHONE_NUMBER_ID,
          WHATSAPP_API_BASE_URL: `${h.graph.url}/v21.0/`,
          ...env,
        }),
        new PlatformClientRegistry(),
      );
    const envelope = {
      id: 1,
      kind: OutboundKind.Reply,
      recipient: '+90 555 123 45 67',
      conversationId: null,
      text: 'hi',
      template: null,
      delivery: null,
    };

    it('should cut a long text to 4096 characters without splitting an emoji', async () => {
      const sut = clientWith({});

      const receipt = await sut.send({ ...envelope, text: `a${'😀'.repeat(5000)}` });

      expect(receipt).toEqual({ externalId: 'wamid.OUT1' });
      const sent = graphPosts()[0];
      expect(Array.from(sent.text.body)).toHaveLength(4096);
      expect(sent.text.body).toBe(`a${'😀'.repeat(4095)}`);
      expect(sent.to).toBe('905551234567');
      expect(h.graph.requests[0].path).toBe(`/v21.0/${DEFAULT_PHONE_NUMBER_ID}/messages`);
    });

    it.each<[string, Record<string, string>, Partial<typeof envelope>]>([
      ['without an access token', { WHATSAPP_ACCESS_TOKEN: '' }, {}],
      ['without a phone number id', { WHATSAPP_PHONE_NUMBER_ID: '' }, {}],
      ['to a recipient that is not a phone number', {}, { recipient: 'US.1349120865530' }],
    ])(
      'should refuse to send %s, not retryable and without a request',
      async (_case, env, change) => {
        const sut = clientWith(env);

        const sending = sut.send({ ...envelope, ...change });

        await expect(sending).rejects.toBeInstanceOf(PlatformSendError);
        await expect(sending).rejects.toMatchObject({ details: { isRetryable: false } });
        expect(h.graph.requests).toHaveLength(0);
      },
    );

    it('should be registered for whatsapp with a 24-hour window and proactive sends', () => {
      const registered = h.sut.app.get(PlatformClientRegistry).find('whatsapp');

      expect(registered).toBeInstanceOf(WhatsappClient);
      expect(registered).toMatchObject({
        isProactiveSupported: true,
        replyWindowMs: 24 * 60 * 60 * 1000,
      });
      expect(registered?.rateLimit).toBeUndefined();
    });
  });
});
