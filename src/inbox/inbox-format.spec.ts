import {
  agreementOf,
  isCustomerLine,
  listQuery,
  maskPhoneNumbers,
  senderLabel,
  shortTime,
} from 'src/inbox/public/inbox-format';

describe('inbox-format.js', () => {
  describe(maskPhoneNumbers.name, () => {
    it.each([
      ['+905551234567', '+••••••••4567'],
      ['905551234567', '••••••••4567'],
      ['+90 555 123 45 67', '+•• ••• ••• 45 67'],
      ['(0555) 123-4567', '(••••) •••-4567'],
      ['+47 912 34 567', '+•• ••• •4 567'],
      ['Derya Yılmaz', 'Derya Yılmaz'],
      ['mira.kaya@example.org', 'mira.kaya@example.org'],
      ['order 123456', 'order 123456'],
      ['Derya (+905551234567)', 'Derya (+••••••••4567)'],
      ['', ''],
    ])('should show %p as %p', (text, shown) => {
      expect(maskPhoneNumbers(text)).toBe(shown);
    });
  });

  describe(senderLabel.name, () => {
    it('should show the name with the masked number', () => {
      expect(
        senderLabel({ id: '905551234567', name: 'Derya Yılmaz', phone: '+905551234567' }),
      ).toEqual({ primary: 'Derya Yılmaz', secondary: '+••••••••4567' });
    });

    it('should show a masked number alone when the sender has no name', () => {
      expect(senderLabel({ id: '447700900123', name: null, phone: '+447700900123' })).toEqual({
        primary: '+••••••••0123',
        secondary: null,
      });
    });

    it('should mask a name that is a phone number, and show an id that is none', () => {
      expect(senderLabel({ id: '905551234567', name: '+90 555 123 45 67', phone: null })).toEqual({
        primary: '+•• ••• ••• 45 67',
        secondary: '••••••••4567',
      });
      expect(senderLabel({ id: 'mira.kaya@example.org', name: null, phone: null })).toEqual({
        primary: 'mira.kaya@example.org',
        secondary: null,
      });
    });
  });

  describe(isCustomerLine.name, () => {
    it("should tell the customer's lines from the bot's", () => {
      const sender = { id: '905551234567', name: 'Derya Yılmaz', phone: '+905551234567' };

      expect(isCustomerLine({ sender: 'Derya Yılmaz' }, sender)).toBe(true);
      expect(isCustomerLine({ sender: '905551234567' }, sender)).toBe(true);
      expect(isCustomerLine({ sender: 'İzer' }, sender)).toBe(false);
    });
  });

  describe(listQuery.name, () => {
    const now = new Date('2025-03-03T12:00:00.000Z');

    it('should ask for every state when none is picked, and nothing else', () => {
      expect(listQuery({}, now).toString()).toBe(
        'status=received%2Canalyzed%2Crouted%2Creplied%2Cdone%2Cfailed%2Cwaiting%2Cdead',
      );
    });

    it('should ask for the states that are not done, and the picked filters', () => {
      const sut = listQuery(
        { state: 'open', priority: 'critical,high', category: 'complaint', platform: 'kore' },
        now,
      );

      expect(Object.fromEntries(sut)).toEqual({
        status: 'received,analyzed,routed,replied,failed,waiting,dead',
        priority: 'critical,high',
        category: 'complaint',
        platform: 'kore',
      });
    });

    it('should turn a rolling range into a start time and trim the searched text', () => {
      const sut = listQuery({ state: 'dead', range: '24h', q: '  iade  ' }, now);

      expect(Object.fromEntries(sut)).toEqual({
        status: 'dead',
        since: '2025-03-02T12:00:00.000Z',
        q: 'iade',
      });
    });

    it('should send a custom range as both ends, and leave a blank search out', () => {
      const sut = listQuery(
        { range: 'custom', from: '2025-03-01T08:00:00Z', to: '2025-03-02T08:00:00Z', q: ' ' },
        now,
      );

      expect(sut.get('since')).toBe('2025-03-01T08:00:00.000Z');
      expect(sut.get('until')).toBe('2025-03-02T08:00:00.000Z');
      expect(sut.has('q')).toBe(false);
    });
  });

  describe(agreementOf.name, () => {
    it('should count category and urgency corrections together', () => {
      expect(
        agreementOf({
          category: { corrections: 3, agreed: 2 },
          urgency: { corrections: 1, agreed: 1 },
        }),
      ).toEqual({ percent: 75, corrections: 4 });
    });

    it('should give no figure before any correction', () => {
      expect(
        agreementOf({
          category: { corrections: 0, agreed: 0 },
          urgency: { corrections: 0, agreed: 0 },
        }),
      ).toEqual({ percent: null, corrections: 0 });
    });
  });

  describe(shortTime.name, () => {
    it('should show the time alone today and the date before', () => {
      const now = new Date(2025, 2, 3, 18, 0);

      expect(shortTime(new Date(2025, 2, 3, 9, 5).toISOString(), now)).toBe('09:05');
      expect(shortTime(new Date(2025, 1, 28, 23, 59).toISOString(), now)).toBe('28 Feb 23:59');
    });
  });
});
