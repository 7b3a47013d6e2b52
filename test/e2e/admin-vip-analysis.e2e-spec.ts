import { AdminVipApp, CUSTOMERS, GROUPS } from 'test/setup/admin-vip-app';
import { testDatabaseKinds } from 'test/setup/test-database';

const PLAIN_TEXT = 'Hello, what are your opening hours?';
const PRIORITY_ORDER = ['low', 'normal', 'high', 'critical'];
const RESPONSE_TIME: Record<string, string> = {
  critical: 'immediate',
  high: '1hour',
  normal: '4hours',
  low: '24hours',
};

// README: 9–10 critical, 7–8 high, 4–6 normal, 1–3 low; a VIP boost only ever raises priority.
function boostedPriority(before: string, urgency: number): string {
  const fromUrgency =
    urgency >= 9 ? 'critical' : urgency >= 7 ? 'high' : urgency >= 4 ? 'normal' : 'low';
  return PRIORITY_ORDER[
    Math.max(PRIORITY_ORDER.indexOf(before), PRIORITY_ORDER.indexOf(fromUrgency))
  ];
}

describe.each(testDatabaseKinds())('admin VIP rule routes on %s', (kind) => {
  const vip = AdminVipApp.use(kind);
  const { remove, createCustomer, createGroup, sendWebhook } = vip;

  describe('the analysis of POST /webhook', () => {
    // Each message from another phone number: İzer conversations are per phone number, and the
    // history of an earlier message would change the analysis of the next.
    it('should boost the next message of a phone number as soon as it is added, and stop once deleted', async () => {
      const plain = await sendWebhook({
        phone_number: '+905554440000',
        current_message: PLAIN_TEXT,
      });
      expect(plain.stored.vipBoost).toBe(0);
      const base = plain.answer.analysis;
      const customer = await createCustomer({
        phone_number: '0090 555 444 33 22',
        name: 'Büyük Müşteri 💎',
        priority_boost: 5,
      });

      const boosted = await sendWebhook({
        phone_number: '+90 555 444 33 22',
        current_message: PLAIN_TEXT,
      });

      const urgency = Math.min(10, base.urgency_score + 5);
      const priority = boostedPriority(base.priority_level, urgency);
      expect(boosted.answer.analysis).toEqual({
        ...base,
        urgency_score: urgency,
        priority_level: priority,
        recommended_response_time: RESPONSE_TIME[priority],
        action_required: true,
      });
      expect(boosted.stored).toMatchObject({ urgencyScore: urgency, vipBoost: 5 });
      expect(boosted.stored.reasoning).toMatch(
        new RegExp(`^VIP boost \\+5 \\(important customer #${customer.id}\\); `),
      );

      expect((await remove(`${CUSTOMERS}/${customer.id}`)).status).toBe(204);
      const after = await sendWebhook({
        phone_number: '+905554443322',
        current_message: PLAIN_TEXT,
      });
      expect(after.stored.vipBoost).toBe(0);
      expect(after.stored.reasoning).not.toMatch(/VIP boost/);
    });

    it('should boost the next message of a chat as soon as its group is added, and stop once deleted', async () => {
      const plain = await sendWebhook({
        phone_number: '+905554440001',
        chat_name: 'Kargo Ekibi 🚚',
        current_message: PLAIN_TEXT,
      });
      const base = plain.answer.analysis;
      const group = await createGroup({ name: 'Kargo Ekibi 🚚', priority_boost: 3 });

      const boosted = await sendWebhook({
        phone_number: '+905554440002',
        chat_name: 'KARGO EKİBİ 🚚',
        current_message: PLAIN_TEXT,
      });

      const urgency = Math.min(10, base.urgency_score + 3);
      expect(boosted.answer.analysis).toMatchObject({
        urgency_score: urgency,
        priority_level: boostedPriority(base.priority_level, urgency),
        action_required: true,
      });
      expect(boosted.stored.vipBoost).toBe(3);
      expect(boosted.stored.reasoning).toMatch(
        /^VIP boost \+3 \(critical group "Kargo Ekibi 🚚"\); /,
      );

      expect((await remove(`${GROUPS}/${group.id}`)).status).toBe(204);
      const after = await sendWebhook({
        phone_number: '+905554440003',
        chat_name: 'Kargo Ekibi 🚚',
        current_message: PLAIN_TEXT,
      });
      expect(after.stored.vipBoost).toBe(0);
      expect(after.answer.analysis).toEqual(base);
    });

    it('should boost a message by platform user id (İzer uses the phone number as sender id)', async () => {
      await createCustomer({ platform_user_id: '+905554443322', name: 'By id', priority_boost: 1 });

      const boosted = await sendWebhook({ phone_number: '+905554443322' });

      expect(boosted.stored.vipBoost).toBe(1);
    });
  });
});
