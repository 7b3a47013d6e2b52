import { OutboundKind, OutboundStatus } from 'src/core/outbound-status';
import { type TestPlatformRequestBody } from 'test/factories/test-platform-client.factory';
import { ADMIN, type ErrorAnswer, fieldsOf } from 'test/setup/admin-api';
import { AdminMessagesApp } from 'test/setup/admin-messages-app';
import { testDatabaseKinds } from 'test/setup/test-database';

describe.each(testDatabaseKinds())('admin message routes on %s', (kind) => {
  const admin = AdminMessagesApp.use(kind);
  const { count, outboundRowWhen } = admin;

  describe('POST /messages/proactive', () => {
    it.each<[string, Record<string, unknown>, string[]]>([
      ['an empty body', {}, ['platform', 'recipient', 'text']],
      ['an unknown platform', { platform: 'telegram', recipient: 'u-1', text: 'hi' }, ['platform']],
      ['a platform of the wrong type', { platform: 3, recipient: 'u-1', text: 'hi' }, ['platform']],
      [
        'a recipient with surrounding space',
        { platform: 'izer', recipient: ' u-1', text: 'hi' },
        ['recipient'],
      ],
      ['an empty recipient', { platform: 'izer', recipient: '', text: 'hi' }, ['recipient']],
      [
        'a recipient of 192 characters',
        { platform: 'izer', recipient: 'u'.repeat(192), text: 'hi' },
        ['recipient'],
      ],
      [
        'a WhatsApp recipient that is no number',
        { platform: 'whatsapp', recipient: 'derya@example.com', text: 'hi' },
        ['recipient'],
      ],
      [
        'a WhatsApp number with spaces',
        { platform: 'whatsapp', recipient: '+90 555 111 22 33', text: 'hi' },
        ['recipient'],
      ],
      ['an empty text', { platform: 'izer', recipient: 'u-1', text: '' }, ['text']],
      ['a blank text', { platform: 'izer', recipient: 'u-1', text: ' \n ' }, ['text']],
      [
        'a text of 4097 characters',
        { platform: 'izer', recipient: 'u-1', text: 'a'.repeat(4097) },
        ['text'],
      ],
      [
        'a text with a lone surrogate',
        { platform: 'izer', recipient: 'u-1', text: 'hi \ud83d' },
        ['text'],
      ],
      [
        'a conversation id of 192 characters',
        { platform: 'izer', recipient: 'u-1', text: 'hi', conversation_id: 'c'.repeat(192) },
        ['conversation_id'],
      ],
    ])(
      'should answer 400 naming the fields for %s and store nothing',
      async (_case, body, fields) => {
        const response = await admin.sut.post('/messages/proactive', body, ADMIN);

        expect(response.status).toBe(400);
        const answer = (await response.json()) as ErrorAnswer;
        expect(fieldsOf(answer)).toEqual(fields);
        expect(await count('outbound_messages')).toBe(0);
      },
    );

    it('should answer 422 for a platform that takes no proactive messages and store nothing', async () => {
      const response = await admin.sut.post(
        '/messages/proactive',
        { platform: 'kindly', recipient: 'user-1', text: 'Hello!' },
        ADMIN,
      );

      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({
        statusCode: 422,
        error: 'PlatformUnsupported',
      });
      expect(await count('outbound_messages')).toBe(0);
    });

    it('should queue the message, answer 202 with its id and send it through the platform client', async () => {
      admin.platformApi.respondWith(() => ({ status: 200, body: { id: 'platform-msg-1' } }));

      const response = await admin.sut.post(
        '/messages/proactive',
        {
          platform: 'izer',
          recipient: '+905551112233',
          text: 'Siparişiniz yola çıktı 🚲',
          conversation_id: 'conv-9',
          unknown_field: 'stripped',
        },
        ADMIN,
      );

      expect(response.status).toBe(202);
      const body = (await response.json()) as { id: number; status: string };
      expect(body).toEqual({ id: expect.any(Number) as unknown, status: 'queued' });
      const row = await outboundRowWhen(body.id, (r) => r.status !== OutboundStatus.Queued);
      expect(row).toMatchObject({
        kind: OutboundKind.Proactive,
        platform: 'izer',
        messageId: null,
        conversationId: 'conv-9',
        recipient: '+905551112233',
        text: 'Siparişiniz yola çıktı 🚲',
        status: OutboundStatus.Sent,
        externalId: 'platform-msg-1',
        attempts: 1,
      });
      expect(admin.platformApi.requests.map((r) => r.json as TestPlatformRequestBody)).toEqual([
        {
          to: '+905551112233',
          conversation_id: 'conv-9',
          kind: 'proactive',
          text: 'Siparişiniz yola çıktı 🚲',
        },
      ]);
    });

    it('should record a send the platform refuses as failed with the reason', async () => {
      admin.platformApi.respondWith(() => ({
        status: 400,
        body: { message: 'unknown recipient' },
      }));

      const response = await admin.sut.post(
        '/messages/proactive',
        { platform: 'izer', recipient: 'nobody', text: 'Hello!' },
        ADMIN,
      );

      expect(response.status).toBe(202);
      const { id } = (await response.json()) as { id: number };
      const row = await outboundRowWhen(id, (r) => r.status !== OutboundStatus.Queued);
      expect(row.status).toBe(OutboundStatus.Failed);
      expect(row.lastError).toContain('HTTP 400 (unknown recipient)');
      expect(admin.platformApi.requests).toHaveLength(1);
    });
  });
});
