import { Handling, Platform } from 'src/core/inbound-message';
import { UserlikeAdapter } from 'src/platforms/userlike/userlike.adapter';
import {
  CID,
  expectedId,
  RECEIVED_AT,
  userlikeAdapterWith,
  useUserlikeAdapter,
} from 'test/factories/userlike-adapter.factory';
import {
  buildUserlikeMessage,
  buildUserlikeWebhook,
  userlikeFixture,
  type UserlikeWebhookPayload,
} from 'test/factories/userlike-webhook.factory';

describe(UserlikeAdapter.name, () => {
  const h = useUserlikeAdapter();
  const { toMessage } = h;

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
  });

  describe('verifySignature', () => {
    it('should accept the configured header, whatever the case of its name', () => {
      const custom = userlikeAdapterWith({
        USERLIKE_WEBHOOK_TOKEN: 'hook-secret',
        USERLIKE_WEBHOOK_HEADER: 'X-Userlike-Secret',
      });

      expect(h.sut.verifySignature(undefined, { 'api-security-token': 'hook-secret' })).toBe(true);
      expect(custom.verifySignature(undefined, { 'x-userlike-secret': 'hook-secret' })).toBe(true);
      expect(custom.verifySignature(undefined, { 'api-security-token': 'hook-secret' })).toBe(
        false,
      );
    });

    it('should refuse a wrong, missing or repeated header', () => {
      expect(h.sut.verifySignature(undefined, { 'api-security-token': 'hook-secreT' })).toBe(false);
      expect(h.sut.verifySignature(undefined, {})).toBe(false);
      expect(h.sut.verifySignature(undefined, { authorization: 'Bearer hook-secret' })).toBe(false);
      expect(
        h.sut.verifySignature(undefined, {
          'api-security-token': ['hook-secret', 'hook-secret'],
        }),
      ).toBe(false);
    });

    it('should accept unauthenticated calls without a token only when unsigned webhooks are allowed', () => {
      const allowed = userlikeAdapterWith({ ALLOW_UNSIGNED_WEBHOOKS: 'true' });
      const refused = userlikeAdapterWith({ ALLOW_UNSIGNED_WEBHOOKS: 'false' });

      expect(allowed.verifySignature(undefined, {})).toBe(true);
      expect(refused.verifySignature(undefined, {})).toBe(false);
      expect(refused.verifySignature(undefined, { 'api-security-token': '' })).toBe(false);
    });
  });
});
