import { PriorityLevel } from 'src/core/message-analysis';
import { MessageStatus } from 'src/core/message-status';
import { UserlikeAdapter } from 'src/platforms/userlike/userlike.adapter';
import { buildMessageAnalysis } from 'test/factories/message-analysis.factory';
import {
  CID,
  jsonOf,
  resultOf,
  toDto,
  userlikeAdapterWith,
  WELCOME,
} from 'test/factories/userlike-adapter.factory';
import { buildUserlikeWebhook, userlikeFixture } from 'test/factories/userlike-webhook.factory';

describe(UserlikeAdapter.name, () => {
  let sut: UserlikeAdapter;

  beforeEach(() => {
    sut = userlikeAdapterWith({
      USERLIKE_WEBHOOK_TOKEN: 'hook-secret',
      USERLIKE_FORWARD_GROUP: '42',
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

    it('should tell the contact about an urgent message the agent gave no reply to, else pass the reply on', () => {
      const urgent = buildMessageAnalysis({ priorityLevel: PriorityLevel.High, language: 'de' });
      const payload = toDto(userlikeFixture('userlike-message'));

      const noticed = sut.toEvents(payload, resultOf({ analysis: urgent }));
      const replied = sut.toEvents(payload, resultOf({ analysis: urgent, reply: 'Wir rufen an.' }));

      expect(noticed.map((e) => e.packet)).toEqual([
        {
          name: 'message',
          payload: {
            body: 'Hallo, wir haben gesehen, dass Ihre Nachricht etwas Wichtiges enthält. Jemand aus unserem Team meldet sich in Kürze bei Ihnen.',
          },
        },
      ]);
      expect(replied.map((e) => e.packet)).toEqual([
        { name: 'message', payload: { body: 'Wir rufen an.' } },
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
      const noGroup = userlikeAdapterWith({ USERLIKE_WEBHOOK_TOKEN: 'hook-secret' });
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
