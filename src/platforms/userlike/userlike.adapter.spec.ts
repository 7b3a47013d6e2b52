import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { createHash } from 'node:crypto';
import { PriorityLevel } from 'src/analysis/message-analysis';
import { flattenValidationErrors } from 'src/common/validation/validation-exception.factory';
import { AppConfig } from 'src/config/app-config';
import { Handling, type InboundMessage, Platform } from 'src/messages/inbound-message';
import type { IngestResult } from 'src/messages/ingest-result';
import { MessageStatus } from 'src/messages/webhook-message.entity';
import { AgentName } from 'src/routing/routing-outcome';
import { UserlikeAdapter } from 'src/platforms/userlike/userlike.adapter';
import { UserlikeWebhookDto } from 'src/platforms/userlike/userlike.dto';
import { buildMessageAnalysis } from 'test/factories/message-analysis.factory';
import {
  buildUserlikeMessage,
  buildUserlikeWebhook,
  userlikeFixture,
  type UserlikeWebhookPayload,
} from 'test/factories/userlike-webhook.factory';

const CID = 'chatbot::412:3c9e0a7b51d24f6e8a0b9c1d2e3f4a5b';
const RECEIVED_AT = new Date('2025-03-03T11:10:00.000Z');
const WELCOME = 'Welcome to the bike shop!';

// As the global ValidationPipe hands it to the controller.
function toDto(plain: unknown): UserlikeWebhookDto {
  const dto = plainToInstance(UserlikeWebhookDto, plain);
  const errors = validateSync(dto, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new Error(`invalid: ${JSON.stringify(flattenValidationErrors(errors))}`);
  }
  return dto;
}

function invalidFields(plain: unknown): string[] {
  const dto = plainToInstance(UserlikeWebhookDto, plain) as object;
  const errors = validateSync(dto, { whitelist: true, forbidUnknownValues: true });
  return flattenValidationErrors(errors).map((error) => error.field);
}

function expectedId(parts: unknown[]): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(parts)).digest('hex')}`;
}

function jsonOf(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

function resultOf(overrides: Partial<IngestResult> = {}): IngestResult {
  return {
    databaseId: 17,
    externalId: 'sha256:x',
    isDuplicate: false,
    status: MessageStatus.Done,
    analysis: buildMessageAnalysis({ urgencyScore: 4, category: 'inquiry' as never }),
    routing: {
      isSuccess: true,
      agent: AgentName.GeneralPurpose,
      response: {},
      reply: null,
      isHumanHandover: false,
      attempts: 1,
    },
    processedAt: RECEIVED_AT,
    reply: null,
    ...overrides,
  };
}

describe(UserlikeAdapter.name, () => {
  let sut: UserlikeAdapter;

  const adapterWith = (env: Record<string, string>): UserlikeAdapter =>
    new UserlikeAdapter(
      AppConfig.fromEnv({ USERLIKE_WELCOME_MESSAGE: WELCOME, LOG_LEVEL: 'silent', ...env }),
    );

  const toMessage = (plain: UserlikeWebhookPayload): InboundMessage => {
    const messages = sut.toMessages(toDto(plain), RECEIVED_AT);
    expect(messages).toHaveLength(1);
    return messages[0];
  };

  beforeEach(() => {
    sut = adapterWith({ USERLIKE_WEBHOOK_TOKEN: 'hook-secret', USERLIKE_FORWARD_GROUP: '42' });
  });

  describe('toMessages', () => {
    it('should map a web start without text to a record-only start', () => {
      const message = toMessage(userlikeFixture('userlike-start'));

      expect(message).toEqual({
        platform: Platform.Userlike,
        externalId: expectedId([CID, 'start', {}, {}]),
        conversationId: CID,
        conversationName: null,
        sender: { id: CID, name: null, phone: null },
        eventType: 'start',
        text: '',
        attachments: [],
        history: [],
        sentAt: RECEIVED_AT,
        receivedAt: RECEIVED_AT,
        raw: {
          info: { cid: CID, context: {}, contact: {} },
          packet: { name: 'start', payload: {} },
        },
        replyTo: { recipient: CID, delivery: null },
        handling: Handling.RecordOnly,
      });
    });

    it('should route a WhatsApp start that already carries the first message', () => {
      const message = toMessage(userlikeFixture('userlike-start-whatsapp'));

      const body = 'Hi, I need help with my bike order';
      expect(message).toEqual({
        platform: Platform.Userlike,
        externalId: expectedId([CID, 'start', { body }, {}]),
        conversationId: CID,
        conversationName: null,
        sender: { id: CID, name: null, phone: null },
        eventType: 'start',
        text: body,
        attachments: [],
        history: [],
        sentAt: RECEIVED_AT,
        receivedAt: RECEIVED_AT,
        raw: {
          info: { cid: CID, context: {}, contact: {} },
          packet: { name: 'start', payload: { body } },
        },
        replyTo: { recipient: CID, delivery: null },
        handling: Handling.Route,
      });
    });

    it('should map a message to its body', () => {
      const message = toMessage(userlikeFixture('userlike-message'));

      expect(message).toEqual({
        platform: Platform.Userlike,
        externalId: expectedId([
          CID,
          'message',
          { body: 'ORD-55120' },
          { state: 'await_order_id' },
        ]),
        conversationId: CID,
        conversationName: null,
        sender: { id: CID, name: null, phone: null },
        eventType: 'message',
        text: 'ORD-55120',
        attachments: [],
        history: [],
        sentAt: RECEIVED_AT,
        receivedAt: RECEIVED_AT,
        raw: {
          info: { cid: CID, context: { state: 'await_order_id' }, contact: {} },
          packet: { name: 'message', payload: { body: 'ORD-55120' } },
        },
        replyTo: { recipient: CID, delivery: null },
        handling: Handling.Route,
      });
    });

    it('should map a click to the label the contact chose', () => {
      const message = toMessage(userlikeFixture('userlike-click'));

      const value = { id: 'delivery_status', label: 'Delivery status of an order' };
      expect(message).toEqual({
        platform: Platform.Userlike,
        externalId: expectedId([CID, 'click', { value }, { state: 'menu' }]),
        conversationId: CID,
        conversationName: null,
        sender: { id: CID, name: null, phone: null },
        eventType: 'click',
        text: 'Delivery status of an order',
        attachments: [],
        history: [],
        sentAt: RECEIVED_AT,
        receivedAt: RECEIVED_AT,
        raw: {
          info: { cid: CID, context: { state: 'menu' }, contact: {} },
          packet: { name: 'click', payload: { value } },
        },
        replyTo: { recipient: CID, delivery: null },
        handling: Handling.Route,
      });
    });

    it('should fall back to the option id when a click has no usable label', () => {
      const plain = userlikeFixture('userlike-click');
      plain.packet.payload = { value: { id: 'returns', label: 12 } };

      expect(toMessage(plain).text).toBe('returns');
    });

    it('should record a failed forward without text', () => {
      const message = toMessage(userlikeFixture('userlike-forward-failed'));

      expect(message).toEqual({
        platform: Platform.Userlike,
        externalId: expectedId([CID, 'forward_failed', null, {}]),
        conversationId: CID,
        conversationName: null,
        sender: { id: CID, name: null, phone: null },
        eventType: 'forward_failed',
        text: '',
        attachments: [],
        history: [],
        sentAt: RECEIVED_AT,
        receivedAt: RECEIVED_AT,
        raw: { info: { cid: CID, context: {}, contact: {} }, packet: { name: 'forward_failed' } },
        replyTo: { recipient: CID, delivery: null },
        handling: Handling.RecordOnly,
      });
    });

    it('should record a campaign unsubscribe without text', () => {
      const message = toMessage(
        buildUserlikeWebhook({ name: 'campaign_unsubscribe', payload: { keyword: 'STOP' } }),
      );

      expect(message).toMatchObject({
        eventType: 'campaign_unsubscribe',
        text: '',
        handling: Handling.RecordOnly,
      });
    });

    it('should give a repeated delivery the same id, whatever its key order', () => {
      const plain = userlikeFixture('userlike-message');
      const reordered = {
        packet: { payload: { body: 'ORD-55120' }, name: 'message' },
        info: { widget: {}, context: { state: 'await_order_id' }, cid: CID },
      };

      expect(toMessage(reordered as UserlikeWebhookPayload).externalId).toBe(
        toMessage(plain).externalId,
      );
    });

    it('should tell apart equal texts of one session by the context our last answer set', () => {
      const first = buildUserlikeMessage('yes', { cid: CID, context: { state: 'menu' } });
      const second = buildUserlikeMessage('yes', {
        cid: CID,
        context: { state: 'menu', triage: { message_id: 17 } },
      });
      const otherSession = buildUserlikeMessage('yes', { context: { state: 'menu' } });

      const ids = [first, second, otherSession].map((plain) => toMessage(plain).externalId);

      expect(new Set(ids).size).toBe(3);
    });

    it('should take the sender from the contact when it is usable', () => {
      const withId = buildUserlikeMessage('hi', {
        contact: {
          id: 9001,
          email: 'mira@example.org',
          name: ' Mira  Kaya ',
          mobile_number: '+49 151 2345 6789',
        },
      });
      const withEmail = buildUserlikeMessage('hi', { contact: { email: 'mira@example.org' } });
      const unusable = buildUserlikeMessage('hi', {
        contact: {
          id: { nested: true },
          email: 'not an email',
          name: 42,
          mobile_number: 'call me',
        },
      });

      expect(toMessage(withId).sender).toEqual({
        id: '9001',
        name: 'Mira Kaya',
        phone: '+4915123456789',
      });
      expect(toMessage(withEmail).sender).toEqual({
        id: 'mira@example.org',
        name: null,
        phone: null,
      });
      expect(toMessage(unusable).sender).toEqual({
        id: unusable.info.cid,
        name: null,
        phone: null,
      });
    });

    it('should describe an upload in text and keep it as an attachment', () => {
      const image = buildUserlikeWebhook({
        name: 'media',
        payload: {
          url: 'https://files.example.org/p/42.jpg',
          mime_type: 'image/jpeg',
          name: '42.jpg',
        },
      });
      const unknownShape = buildUserlikeWebhook({ name: 'media', payload: { blob: 'x' } });

      expect(toMessage(image)).toMatchObject({
        eventType: 'media',
        text: '[image: 42.jpg]',
        attachments: [
          {
            type: 'image',
            url: 'https://files.example.org/p/42.jpg',
            mimeType: 'image/jpeg',
            caption: '42.jpg',
          },
        ],
        handling: Handling.Route,
      });
      expect(toMessage(unknownShape)).toMatchObject({
        text: '[file]',
        attachments: [{ type: 'file' }],
        handling: Handling.Route,
      });
    });

    it('should route a start that carries an upload as that upload', () => {
      const plain = buildUserlikeWebhook({
        name: 'start',
        payload: {
          url: 'https://files.example.org/p/7.pdf',
          mime_type: 'application/pdf',
          body: 'My invoice',
        },
      });

      expect(toMessage(plain)).toMatchObject({
        eventType: 'start',
        text: 'My invoice',
        attachments: [
          {
            type: 'file',
            url: 'https://files.example.org/p/7.pdf',
            mimeType: 'application/pdf',
            caption: 'My invoice',
          },
        ],
        handling: Handling.Route,
      });
    });

    it('should describe a location in text and keep it as a geo attachment', () => {
      const plain = buildUserlikeWebhook({
        name: 'location',
        payload: { latitude: 41.0256, longitude: '28.9742', name: 'Galata Tower' },
      });

      expect(toMessage(plain)).toMatchObject({
        eventType: 'location',
        text: '[location: Galata Tower, 41.0256, 28.9742]',
        attachments: [{ type: 'location', url: 'geo:41.0256,28.9742', caption: 'Galata Tower' }],
        handling: Handling.Route,
      });
    });
  });

  describe('validation', () => {
    it('should name packet.name when the event is unknown', () => {
      expect(invalidFields(buildUserlikeWebhook({ name: 'typing', payload: {} }))).toEqual([
        'packet.name',
      ]);
    });

    it('should name the missing or bad fields', () => {
      const cases: [unknown, string[]][] = [
        [{}, ['info', 'packet']],
        [{ info: {}, packet: { name: 'start' } }, ['info.cid']],
        [{ info: { cid: 'c'.repeat(192) }, packet: { name: 'start' } }, ['info.cid']],
        [{ info: { cid: ' c' }, packet: { name: 'start' } }, ['info.cid']],
        [{ info: { cid: 'c', context: 'state' }, packet: { name: 'start' } }, ['info.context']],
        [{ info: { cid: 'c' }, packet: { name: 'message' } }, ['packet.payload.body']],
        [
          { info: { cid: 'c' }, packet: { name: 'message', payload: { body: 3 } } },
          ['packet.payload.body'],
        ],
        [{ info: { cid: 'c' }, packet: { name: 'click', payload: {} } }, ['packet.payload.value']],
        [
          { info: { cid: 'c' }, packet: { name: 'click', payload: { value: {} } } },
          ['packet.payload.value.id'],
        ],
        [
          { info: { cid: 'c' }, packet: { name: 'message', payload: { body: 'a \ud800 b' } } },
          ['packet.payload.body'],
        ],
      ];

      for (const [plain, fields] of cases) {
        expect(invalidFields(plain)).toEqual(fields);
      }
    });
  });

  describe('verifySignature', () => {
    it('should accept the configured header, whatever the case of its name', () => {
      const custom = adapterWith({
        USERLIKE_WEBHOOK_TOKEN: 'hook-secret',
        USERLIKE_WEBHOOK_HEADER: 'X-Userlike-Secret',
      });

      expect(sut.verifySignature(undefined, { 'api-security-token': 'hook-secret' })).toBe(true);
      expect(custom.verifySignature(undefined, { 'x-userlike-secret': 'hook-secret' })).toBe(true);
      expect(custom.verifySignature(undefined, { 'api-security-token': 'hook-secret' })).toBe(
        false,
      );
    });

    it('should refuse a wrong, missing or repeated header', () => {
      expect(sut.verifySignature(undefined, { 'api-security-token': 'hook-secreT' })).toBe(false);
      expect(sut.verifySignature(undefined, {})).toBe(false);
      expect(sut.verifySignature(undefined, { authorization: 'Bearer hook-secret' })).toBe(false);
      expect(
        sut.verifySignature(undefined, {
          'api-security-token': ['hook-secret', 'hook-secret'],
        }),
      ).toBe(false);
    });

    it('should accept unauthenticated calls without a token only when unsigned webhooks are allowed', () => {
      const allowed = adapterWith({ ALLOW_UNSIGNED_WEBHOOKS: 'true' });
      const refused = adapterWith({ ALLOW_UNSIGNED_WEBHOOKS: 'false' });

      expect(allowed.verifySignature(undefined, {})).toBe(true);
      expect(refused.verifySignature(undefined, {})).toBe(false);
      expect(refused.verifySignature(undefined, { 'api-security-token': '' })).toBe(false);
    });
  });

  describe('toEvents', () => {
    const triage = {
      urgency_score: 4,
      category: 'inquiry',
      priority_level: 'normal',
      sentiment: 'neutral',
      message_id: 17,
    };

    it('should welcome a start without analysis and keep the context Userlike sent', () => {
      const plain = userlikeFixture('userlike-start');
      plain.info.context = { state: 'menu' };

      const events = sut.toEvents(toDto(plain), resultOf({ analysis: null, routing: null }));

      expect(jsonOf(events)).toEqual([
        {
          info: {
            cid: CID,
            context: {
              state: 'menu',
              triage: {
                urgency_score: null,
                category: null,
                priority_level: null,
                sentiment: null,
                message_id: 17,
              },
            },
          },
          packet: { name: 'message', payload: { body: WELCOME } },
        },
      ]);
    });

    it('should welcome a start with text and add its answer', () => {
      const events = sut.toEvents(
        toDto(userlikeFixture('userlike-start-whatsapp')),
        resultOf({ reply: 'Which order number?' }),
      );

      expect(jsonOf(events)).toEqual([
        {
          info: { cid: CID, context: { triage } },
          packet: { name: 'message', payload: { body: WELCOME } },
        },
        {
          info: { cid: CID, context: { triage } },
          packet: { name: 'message', payload: { body: 'Which order number?' } },
        },
      ]);
    });

    it("should answer a message with the agent's reply and the triage in the context", () => {
      const events = sut.toEvents(
        toDto(userlikeFixture('userlike-message')),
        resultOf({ reply: 'ORD-55120 ships tomorrow.' }),
      );

      expect(jsonOf(events)).toEqual([
        {
          info: { cid: CID, context: { state: 'await_order_id', triage } },
          packet: { name: 'message', payload: { body: 'ORD-55120 ships tomorrow.' } },
        },
      ]);
    });

    it('should confirm receipt in the analysed language when the agent gave no reply', () => {
      const events = sut.toEvents(
        toDto(userlikeFixture('userlike-message')),
        resultOf({ analysis: buildMessageAnalysis({ language: 'tr' }) }),
      );

      expect(events.map((e) => e.packet)).toEqual([
        {
          name: 'message',
          payload: { body: 'Teşekkürler, mesajınızı aldık ve ekibimize ilettik.' },
        },
      ]);
    });

    it('should forward a critical message to the configured group with feedback on failure', () => {
      const events = sut.toEvents(
        toDto(userlikeFixture('userlike-message')),
        resultOf({ analysis: buildMessageAnalysis({ priorityLevel: PriorityLevel.Critical }) }),
      );

      expect(events.map((e) => e.packet)).toEqual([
        {
          name: 'message',
          payload: {
            body: 'Thank you for your message. I am connecting you with a colleague right away.',
          },
        },
        { name: 'forward_group', payload: { group_id: 42, on_failure: 'feedback' } },
      ]);
    });

    it('should forward a human handover to any operator when no group is configured', () => {
      const noGroup = adapterWith({ USERLIKE_WEBHOOK_TOKEN: 'hook-secret' });
      const result = resultOf({ reply: 'We are on it.' });
      result.routing = { ...result.routing!, isHumanHandover: true };

      const events = noGroup.toEvents(toDto(userlikeFixture('userlike-message')), result);

      expect(events.map((e) => e.packet)).toEqual([
        { name: 'message', payload: { body: 'We are on it.' } },
        {
          name: 'message',
          payload: {
            body: 'Thank you for your message. I am connecting you with a colleague right away.',
          },
        },
        { name: 'forward_any', payload: { on_failure: 'feedback' } },
      ]);
    });

    it('should answer with a holding message while the message is still being processed', () => {
      const events = sut.toEvents(
        toDto(userlikeFixture('userlike-click')),
        resultOf({ analysis: null, routing: null, status: MessageStatus.Received }),
      );

      expect(jsonOf(events)).toEqual([
        {
          info: {
            cid: CID,
            context: {
              state: 'menu',
              triage: {
                urgency_score: null,
                category: null,
                priority_level: null,
                sentiment: null,
                message_id: 17,
              },
            },
          },
          packet: {
            name: 'message',
            payload: {
              body: 'Thank you! We are looking into it and will get back to you here shortly.',
            },
          },
        },
      ]);
    });

    it('should apologise for a failed forward and answer an unsubscribe with nothing', () => {
      const failed = sut.toEvents(
        toDto(userlikeFixture('userlike-forward-failed')),
        resultOf({ analysis: null, routing: null }),
      );
      const unsubscribed = sut.toEvents(
        toDto(buildUserlikeWebhook({ name: 'campaign_unsubscribe' })),
        resultOf({ analysis: null, routing: null }),
      );

      expect(failed.map((e) => e.packet)).toEqual([
        {
          name: 'message',
          payload: {
            body: 'Sorry, none of our colleagues is available right now. We have your message and will get back to you as soon as possible.',
          },
        },
      ]);
      expect(unsubscribed).toEqual([]);
    });

    it('should split a reply longer than 5000 characters into several messages', () => {
      const reply = `${'word '.repeat(1200)}${'x'.repeat(3000)}`;

      const events = sut.toEvents(toDto(userlikeFixture('userlike-message')), resultOf({ reply }));

      const bodies = events.map((e) => String(e.packet.payload.body));
      expect(bodies.length).toBe(2);
      expect(bodies.every((body) => body.length <= 5000)).toBe(true);
      expect(bodies.join('')).toBe(reply);
    });

    it('should keep the answered context within 10 KB, dropping the largest foreign keys', () => {
      const plain = userlikeFixture('userlike-message');
      plain.info.context = {
        state: 'await_order_id',
        blob: 'b'.repeat(12000),
        notes: 'n'.repeat(100),
      };

      const [answer] = sut.toEvents(toDto(plain), resultOf({ reply: 'ok' }));

      expect(answer.info.context).toEqual({
        state: 'await_order_id',
        notes: 'n'.repeat(100),
        triage,
      });
      expect(Buffer.byteLength(JSON.stringify(answer.info.context))).toBeLessThanOrEqual(10240);
    });
  });
});
