import {
  AnalyzerKind,
  Category,
  PriorityLevel,
  ResponseTime,
  Sentiment,
} from 'src/core/message-analysis';
import { Handling, Platform } from 'src/core/inbound-message';
import { MessageStatus } from 'src/core/message-status';
import { KindlyAdapter } from 'src/platforms/kindly/kindly.adapter';
import {
  CHAT_ID,
  kindlyAdapterWith,
  messageOf,
  RECEIVED_AT,
  resultWith,
  toDto,
} from 'test/factories/kindly-adapter.factory';
import { buildMessageAnalysis } from 'test/factories/message-analysis.factory';
import {
  buildKindlyPayload,
  KINDLY_ALGORITHM_HEADER,
  type KindlyPayload,
  seedKindlyPayload,
} from 'test/factories/kindly-payload.factory';

describe(KindlyAdapter.name, () => {
  describe('verifySignature', () => {
    const body = Buffer.from('{"foo":1,"bar":2}');
    // Kindly's published test vector.
    const signature = 'uEeD0Q7eW9btdx6LFvvlpwkzQBWdbknsQkg1C27Cx7Q=';
    const sut = kindlyAdapterWith({ KINDLY_WEBHOOK_SECRET: 'examplekey' });

    it("should accept Kindly's documented test vector", () => {
      expect(
        sut.verifySignature(body, {
          'kindly-hmac': signature,
          'kindly-hmac-algorithm': KINDLY_ALGORITHM_HEADER,
        }),
      ).toBe(true);
    });

    it('should refuse a wrong, missing or repeated signature', () => {
      for (const given of [
        'uEeD0Q7eW9btdx6LFvvlpwkzQBWdbknsQkg1C27Cx7Q',
        'AEeD0Q7eW9btdx6LFvvlpwkzQBWdbknsQkg1C27Cx7Q=',
        '',
        undefined,
      ]) {
        expect(
          sut.verifySignature(body, {
            'kindly-hmac': given,
            'kindly-hmac-algorithm': KINDLY_ALGORITHM_HEADER,
          }),
        ).toBe(false);
      }
    });

    it('should refuse any other or missing algorithm header', () => {
      for (const algorithm of [
        undefined,
        '',
        'HMAC-SHA-256',
        'hmac-sha-256 (base64 encoded)',
        'HMAC-SHA-512 (base64 encoded)',
        'HMAC-SHA-256 (hex encoded)',
      ]) {
        expect(
          sut.verifySignature(body, {
            'kindly-hmac': signature,
            'kindly-hmac-algorithm': algorithm,
          }),
        ).toBe(false);
      }
    });

    it('should refuse the same JSON re-serialised after signing', () => {
      expect(
        sut.verifySignature(Buffer.from('{"foo": 1, "bar": 2}'), {
          'kindly-hmac': signature,
          'kindly-hmac-algorithm': KINDLY_ALGORITHM_HEADER,
        }),
      ).toBe(false);
      expect(
        sut.verifySignature(undefined, {
          'kindly-hmac': signature,
          'kindly-hmac-algorithm': KINDLY_ALGORITHM_HEADER,
        }),
      ).toBe(false);
    });

    it('should accept unsigned requests without a secret only when unsigned webhooks are allowed', () => {
      expect(kindlyAdapterWith({ ALLOW_UNSIGNED_WEBHOOKS: 'true' }).verifySignature(body, {})).toBe(
        true,
      );
      expect(
        kindlyAdapterWith({ ALLOW_UNSIGNED_WEBHOOKS: 'false' }).verifySignature(body, {}),
      ).toBe(false);
    });
  });

  describe('toMessages', () => {
    const sut = kindlyAdapterWith();

    it('should map the dialogue webhook fixture to its message', () => {
      const payload = seedKindlyPayload();

      const messages = sut.toMessages(toDto(payload), RECEIVED_AT);

      expect(messages).toEqual([
        {
          platform: Platform.Kindly,
          externalId: 'sha256:e9d12d78174660ca764b57708d0f0b4b9db7857cb498170ea49594ac5dfc542b',
          conversationId: CHAT_ID,
          conversationName: null,
          sender: { id: 'web-visitor-90f3c2', name: null, phone: null },
          eventType: 'message',
          text: 'where is my order',
          attachments: [],
          history: [],
          sentAt: RECEIVED_AT,
          receivedAt: RECEIVED_AT,
          // Fields we do not read (chat_labels, web_*) are stripped by the DTO.
          raw: {
            organization_id: '7c1e5a90-2b3d-4e6f-8a1b-9c0d1e2f3a4b',
            bot_id: '5d8f2a1c-6b7e-4c3d-9a0b-1e2f3a4b5c6d',
            chat_id: CHAT_ID,
            user_id: 'web-visitor-90f3c2',
            exchange: {
              exchange_id: '0e6b4f2a-9c1d-4a7e-8b3f-5d2c1e0a9b87',
              language_code: 'en',
            },
            message: 'where is my order',
            attachments: [],
            context: { email: 'mira.kaya@example.org', order_id: 'ORD-55120' },
            _links: { chat: `https://bot.kindly.ai/api/v1/chats/${CHAT_ID}` },
            source: 'web',
          },
          replyTo: null,
          handling: Handling.Route,
        },
      ]);
    });

    it('should give an exact redelivery the same id, even re-serialised in another key order', () => {
      const payload = seedKindlyPayload();
      const reordered = JSON.parse(
        JSON.stringify(Object.fromEntries(Object.entries(payload).reverse())),
      ) as KindlyPayload;

      expect(messageOf(sut, reordered).externalId).toBe(messageOf(sut, payload).externalId);
    });

    it('should give another turn of the same chat another id', () => {
      const payload = seedKindlyPayload();
      const ids = new Set(
        [
          payload,
          { ...payload, message: 'and when does it arrive?' },
          { ...payload, context: { ...payload.context, order_status: 'shipped' } },
          { ...payload, exchange: { ...payload.exchange, exchange_id: 'other-dialogue' } },
          { ...payload, chat_id: 'another-chat' },
        ].map((variant) => messageOf(sut, variant).externalId),
      );

      expect(ids.size).toBe(5);
      for (const id of ids) {
        expect(id.length).toBeLessThanOrEqual(191);
      }
    });

    it('should key the sender on the chat when there is no user id, and read a missing message as empty', () => {
      const payload = buildKindlyPayload({ user_id: null, message: undefined });

      const message = messageOf(sut, payload);

      expect(message.sender).toEqual({ id: payload.chat_id, name: null, phone: null });
      expect(message.conversationId).toBe(payload.chat_id);
      expect(message.text).toBe('');
    });

    it('should keep emoji and Turkish text as it came', () => {
      const text = 'Acil!!! 🚲🔥 Siparişim gelmedi, İĞÜŞÖÇ ığüşöç 👩‍👩‍👧‍👦';

      expect(messageOf(sut, buildKindlyPayload({ message: text })).text).toBe(text);
    });

    it('should read attachments of any documented or guessed shape and drop unusable ones', () => {
      const payload = buildKindlyPayload({
        attachments: [
          { url: 'https://files.kindly.ai/a.png', type: 'image/png', name: 'a.png' },
          { file_url: 'https://files.kindly.ai/b.pdf', content_type: 'application/pdf' },
          'https://files.kindly.ai/c.mp3',
          42,
          {},
        ],
      });

      expect(messageOf(sut, payload).attachments).toEqual([
        {
          type: 'image',
          url: 'https://files.kindly.ai/a.png',
          mimeType: 'image/png',
          caption: 'a.png',
        },
        { type: 'file', url: 'https://files.kindly.ai/b.pdf', mimeType: 'application/pdf' },
        { type: 'file', url: 'https://files.kindly.ai/c.mp3' },
      ]);
    });

    it('should never get a context with broken Unicode: the DTO refuses what it cannot store as sent', () => {
      const payload = buildKindlyPayload({ context: { name: 'broken \ud800 half' } });

      expect(() => messageOf(sut, payload)).toThrow('invalid payload: context');
    });
  });

  describe('toResponse', () => {
    const sut = kindlyAdapterWith();

    it('should answer the reply and the triage as context keys', () => {
      const analysis = buildMessageAnalysis({
        urgencyScore: 9,
        category: Category.Complaint,
        sentiment: Sentiment.Urgent,
        priorityLevel: PriorityLevel.Critical,
        isActionRequired: true,
        recommendedResponseTime: ResponseTime.Immediate,
        analyzer: AnalyzerKind.Heuristic,
      });

      const response = sut.toResponse(resultWith({ analysis }), 'We are on it.');

      expect(response).toEqual({
        reply: 'We are on it.',
        new_context: {
          triage_status: 'complete',
          triage_message_id: 42,
          urgency_score: 9,
          category: 'complaint',
          priority_level: 'critical',
          sentiment: 'urgent',
          action_required: true,
        },
      });
    });

    it('should leave the reply out and say "pending" when processing did not finish in time', () => {
      const response = sut.toResponse(resultWith({ status: MessageStatus.Received }), null);

      expect(response).toEqual({
        new_context: {
          triage_status: 'pending',
          triage_message_id: 42,
          urgency_score: null,
          category: null,
          priority_level: null,
          sentiment: null,
          action_required: null,
        },
      });
    });

    it('should say "failed" when processing failed before an analysis existed', () => {
      const response = sut.toResponse(resultWith({ status: MessageStatus.Failed }), null);

      expect(response.new_context.triage_status).toBe('failed');
    });
  });
});
