import { AppError, AppErrorCode } from 'src/common/errors/app-error';
import { Platform } from 'src/core/inbound-message';
import { OutboundKind, OutboundStatus } from 'src/core/outbound-status';
import { OutboundMessage } from 'src/replies/outbound-message.entity';
import { OutboundService } from 'src/replies/outbound.service';
import { insertWebhookMessage } from 'test/factories/webhook-message.factory';
import { OutboundModuleHarness } from 'test/setup/outbound-module';
import { rejectionOf } from 'test/setup/rejection-of';
import { testDatabaseKinds } from 'test/setup/test-database';

const WINDOW_MS = 60 * 60 * 1000;

// A platform's free-form window and templates: free text outside the window is refused before it
// is stored, a reply whose window closed meanwhile ends `needs_template`, templates always go.
describe(`${OutboundService.name} windows and templates`, () => {
  describe.each(testDatabaseKinds())('on %s', (kind) => {
    const h = OutboundModuleHarness.use(kind, { OUTBOUND_MAX_BACKOFF_MS: '20' });
    const { rowOf, proactive, sentTo } = h;

    describe('with a free-form reply window', () => {
      beforeEach(() => {
        h.client.replyWindowMs = WINDOW_MS;
      });

      it('should refuse free text to a conversation with no inbound message, storing and sending nothing', async () => {
        const refusal = await rejectionOf(proactive('905551234567', 'conv-never-wrote'), AppError);

        expect(refusal.code).toBe(AppErrorCode.TemplateRequired);
        expect(refusal.message).toContain('template');
        expect(await h.dataSource.getRepository(OutboundMessage).count()).toBe(0);
        expect(h.platformApi.requests).toHaveLength(0);
      });

      it('should refuse free text when the last inbound message is older than the window', async () => {
        await insertWebhookMessage(h.dataSource, {
          platform: Platform.WhatsApp,
          conversationId: '905550000001',
          receivedAt: new Date(Date.now() - 2 * WINDOW_MS),
        });

        const refusal = await rejectionOf(proactive('905550000001'), AppError);

        expect(refusal.code).toBe(AppErrorCode.TemplateRequired);
        expect(await h.dataSource.getRepository(OutboundMessage).count()).toBe(0);
        expect(h.platformApi.requests).toHaveLength(0);
      });

      it('should keep a reply whose window closed before it went out as needs_template, sending nothing', async () => {
        const inbound = await insertWebhookMessage(h.dataSource, {
          platform: Platform.WhatsApp,
          conversationId: '905550000003',
          receivedAt: new Date(Date.now() - 2 * WINDOW_MS),
        });

        const id = await h.sut.queueReply({
          messageId: inbound.id,
          platform: Platform.WhatsApp,
          conversationId: '905550000003',
          replyTo: { recipient: '905550000003', delivery: null },
          text: 'Teşekkürler!',
          kind: OutboundKind.Reply,
        });
        await h.sut.whenIdle();

        const row = await rowOf(id);
        expect(row).toMatchObject({ status: OutboundStatus.NeedsTemplate, attempts: 0 });
        expect(row.lastError).toContain('template');
        expect(h.platformApi.requests).toHaveLength(0);
      });

      it('should store and send a template to a conversation with no inbound message', async () => {
        h.client.isTemplateSupported = true;
        h.platformApi.respondWith(() => ({ status: 200, body: { id: 'wamid.TPL1' } }));
        const template = {
          name: 'order_shipped',
          language: 'tr',
          components: [{ type: 'body', parameters: [{ type: 'text', text: 'A-1042' }] }],
        };

        const id = await h.sut.queueProactive({
          platform: Platform.WhatsApp,
          recipient: '905551234567',
          template,
          conversationId: null,
        });
        await h.sut.whenIdle();

        expect(await rowOf(id)).toMatchObject({
          status: OutboundStatus.Sent,
          externalId: 'wamid.TPL1',
          text: '[template order_shipped/tr]',
          template,
        });
        expect(h.platformApi.requests.map((request) => request.json)).toEqual([
          {
            to: '905551234567',
            conversation_id: null,
            kind: 'proactive',
            text: '[template order_shipped/tr]',
            template,
          },
        ]);
      });

      it('should send a reply within the window of the conversation', async () => {
        const inbound = await insertWebhookMessage(h.dataSource, {
          platform: Platform.WhatsApp,
          conversationId: '905550000002',
          receivedAt: new Date(),
        });
        h.platformApi.respondWith(() => ({ status: 200, body: { id: 'wamid.OUT4' } }));

        const id = await h.sut.queueReply({
          messageId: inbound.id,
          platform: Platform.WhatsApp,
          conversationId: '905550000002',
          replyTo: { recipient: '905550000002', delivery: { phone_number_id: '123' } },
          text: 'Teşekkürler!',
          kind: OutboundKind.Reply,
        });
        await h.sut.whenIdle();

        expect(await rowOf(id)).toMatchObject({
          status: OutboundStatus.Sent,
          messageId: inbound.id,
          kind: OutboundKind.Reply,
        });
        expect(sentTo()).toEqual(['905550000002']);
      });
    });

    it('should refuse a template on a platform whose client sends none, storing nothing', async () => {
      const refusal = await rejectionOf(
        h.sut.queueProactive({
          platform: Platform.WhatsApp,
          recipient: '905551234567',
          template: { name: 'order_shipped', language: 'tr' },
          conversationId: null,
        }),
        AppError,
      );

      expect(refusal.code).toBe(AppErrorCode.PlatformUnsupported);
      expect(refusal.message).toBe('whatsapp takes no templates: send text');
      expect(await h.dataSource.getRepository(OutboundMessage).count()).toBe(0);
    });
  });
});
