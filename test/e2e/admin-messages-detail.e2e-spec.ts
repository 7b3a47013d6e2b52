import { Platform } from 'src/core/inbound-message';
import { WebhookMessage } from 'src/messages/webhook-message.entity';
import { OutboundMessage } from 'src/replies/outbound-message.entity';
import { OutboundKind, OutboundStatus } from 'src/core/outbound-status';
import { buildIzerPayload } from 'test/factories/izer-payload.factory';
import { ADMIN, type ErrorAnswer, fieldsOf } from 'test/setup/admin-api';
import { AdminMessagesApp, AGENT_REPLY } from 'test/setup/admin-messages-app';
import { testDatabaseKinds } from 'test/setup/test-database';

interface MessageDetail {
  id: number;
  platform: string;
  external_id: string;
  conversation_id: string;
  sender: { id: string; name: string | null; phone: string | null };
  text: string;
  raw_payload: unknown;
  status: string;
  history: { sender: string; content: string; message_id: number | null; sent_at: string | null }[];
  analysis: Record<string, unknown> | null;
  routing_attempts: Record<string, unknown>[];
  outbound: Record<string, unknown>[];
  [key: string]: unknown;
}

describe.each(testDatabaseKinds())('admin message routes on %s', (kind) => {
  const admin = AdminMessagesApp.use(kind);

  describe('GET /messages/:id', () => {
    it.each(['abc', '0', '-1', '1.5', '1e3', '0x10', '2147483648', '%201'])(
      'should answer 400 naming id for %p',
      async (id) => {
        const response = await admin.sut.get(`/messages/${id}`, ADMIN);

        expect(response.status).toBe(400);
        const body = (await response.json()) as ErrorAnswer;
        expect(fieldsOf(body)).toEqual(['id']);
      },
    );

    it('should answer 404 JSON for an id no message has', async () => {
      const response = await admin.sut.get('/messages/987654', ADMIN);

      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(await response.json()).toEqual({
        statusCode: 404,
        error: 'NotFound',
        message: 'message 987654 not found',
      });
    });

    it('should show a message received through POST /webhook with its history, analysis, routing attempts and replies', async () => {
      const payload = buildIzerPayload({
        chat_name: 'Derya Yılmaz',
        phone_number: '+90 555 111 22 33',
        chat_time: '2025-03-03T11:10:00Z',
        current_message: 'Merhaba, mağaza kaçta açılıyor? 🚲',
        history: [
          {
            sender: 'Derya Yılmaz',
            content: 'Dün sipariş verdim.',
            timestamp: '2025-03-02T17:42:00Z',
            type: 'text',
          },
          {
            sender: 'İzer',
            content: 'Teşekkürler, siparişiniz hazırlanıyor.',
            timestamp: '2025-03-02T17:43:10Z',
            type: 'text',
          },
        ],
      });
      const webhook = await admin.sut.post('/webhook', payload);
      expect(webhook.status).toBe(200);
      const answer = (await webhook.json()) as {
        database_id: number;
        analysis: Record<string, unknown>;
        routing: { agent: string };
      };
      // Another conversation, whose lines must not show.
      await admin.sut.post('/webhook', buildIzerPayload({ phone_number: '+905559998877' }));
      // Where replies go can hold callback URLs and tokens: stored, never shown.
      await admin.sut.dataSource.getRepository(WebhookMessage).update(answer.database_id, {
        replyTo: { recipient: 'r-1', delivery: { url: 'https://x.test/cb?token=SECRET-REPLY-TO' } },
      });
      const now = new Date();
      const outbound = await admin.sut.dataSource.getRepository(OutboundMessage).save({
        messageId: answer.database_id,
        kind: OutboundKind.Reply,
        platform: Platform.Izer,
        conversationId: '+905551112233',
        recipient: '+905551112233',
        text: AGENT_REPLY,
        status: OutboundStatus.Sent,
        externalId: 'out-1',
        attempts: 1,
        lastError: null,
        delivery: { token: 'SECRET-DELIVERY' },
        createdAt: now,
        updatedAt: now,
        sentAt: now,
      });

      const response = await admin.sut.get(`/messages/${answer.database_id}`, ADMIN);

      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).not.toContain('SECRET');
      const body = JSON.parse(text) as MessageDetail;
      expect(Object.keys(body).sort()).toEqual(
        [
          'id',
          'platform',
          'external_id',
          'conversation_id',
          'conversation_name',
          'sender',
          'event_type',
          'text',
          'attachments',
          'raw_payload',
          'status',
          'attempts',
          'last_error',
          'duplicate_count',
          'sent_at',
          'received_at',
          'processed_at',
          'processing_ms',
          'history',
          'analysis',
          'routing_attempts',
          'outbound',
        ].sort(),
      );
      expect(body).toMatchObject({
        id: answer.database_id,
        platform: 'izer',
        external_id: payload.message_id,
        conversation_id: '+905551112233',
        conversation_name: 'Derya Yılmaz',
        sender: { id: '+905551112233', name: 'Derya Yılmaz', phone: '+905551112233' },
        event_type: 'message',
        text: 'Merhaba, mağaza kaçta açılıyor? 🚲',
        attachments: [],
        raw_payload: payload,
        status: 'done',
        attempts: 1,
        last_error: null,
        duplicate_count: 0,
        sent_at: '2025-03-03T11:10:00.000Z',
      });
      expect(Number.isNaN(Date.parse(String(body.received_at)))).toBe(false);
      expect(Number.isNaN(Date.parse(String(body.processed_at)))).toBe(false);
      expect(typeof body.processing_ms).toBe('number');
      expect(body.history.map((line) => [line.sender, line.content, line.sent_at])).toEqual([
        ['Derya Yılmaz', 'Dün sipariş verdim.', '2025-03-02T17:42:00.000Z'],
        ['İzer', 'Teşekkürler, siparişiniz hazırlanıyor.', '2025-03-02T17:43:10.000Z'],
        ['Derya Yılmaz', 'Merhaba, mağaza kaçta açılıyor? 🚲', '2025-03-03T11:10:00.000Z'],
      ]);
      expect(body.history.every((line) => line.message_id === answer.database_id)).toBe(true);
      expect(body.analysis).toEqual({
        ...answer.analysis,
        language: expect.any(String) as unknown,
        analyzer: 'heuristic',
        model: expect.stringMatching(/^triage-/) as unknown,
        reasoning: expect.any(String) as unknown,
      });
      expect(body.routing_attempts).toEqual([
        {
          agent: answer.routing.agent,
          attempt: 1,
          is_fallback: false,
          status: 'succeeded',
          http_status: 200,
          latency_ms: expect.any(Number) as unknown,
          error: null,
          created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
        },
      ]);
      expect(body.outbound).toEqual([
        {
          id: outbound.id,
          kind: 'reply',
          status: 'sent',
          recipient: '+905551112233',
          text: AGENT_REPLY,
          attempts: 1,
          last_error: null,
          external_id: 'out-1',
          created_at: now.toISOString(),
          sent_at: now.toISOString(),
        },
      ]);
    });

    it('should show a failed agent call and a message without analysis', async () => {
      admin.agent.respondWith(() => ({ status: 503, body: { error: 'down' } }));
      const webhook = await admin.sut.post('/webhook', buildIzerPayload());
      const { database_id: id } = (await webhook.json()) as { database_id: number };
      await admin.sut.dataSource.query('DELETE FROM analytics_results');

      const response = await admin.sut.get(`/messages/${id}`, ADMIN);

      expect(response.status).toBe(200);
      const body = (await response.json()) as MessageDetail;
      expect(body.status).toBe('failed');
      expect(body.analysis).toBeNull();
      expect(body.routing_attempts.length).toBeGreaterThan(0);
      expect(body.routing_attempts.every((attempt) => attempt.status !== 'succeeded')).toBe(true);
      expect(body.routing_attempts[0]).toMatchObject({ status: 'failed', http_status: 503 });
      expect(body.outbound).toEqual([]);
    });
  });
});
