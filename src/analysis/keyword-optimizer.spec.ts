import { generateMessage, NOTIFY_THRESHOLD, shouldNotify } from 'src/analysis/keyword-optimizer';

describe('keyword-optimizer', () => {
  describe(shouldNotify.name, () => {
    const sut = shouldNotify;

    it('should notify from the threshold up only', () => {
      expect(sut(NOTIFY_THRESHOLD - 1)).toBe(false);
      expect(sut(NOTIFY_THRESHOLD)).toBe(true);
      expect(sut(10)).toBe(true);
      expect(sut(Number.NaN)).toBe(false);
    });
  });

  describe(generateMessage.name, () => {
    const sut = generateMessage;

    it('should write the notice in English, Turkish, German and Norwegian', () => {
      expect(sut('Ayşe', 'tr')).toMatch(/^Merhaba Ayşe, mesajınızda önemli bir konu/);
      expect(sut('Jonas', 'de')).toMatch(/^Hallo Jonas, wir haben gesehen/);
      expect(sut('Ola', 'no')).toMatch(/^Hei Ola, vi ser at meldingen din/);
      expect(sut('Sam', 'en')).toMatch(/^Hi Sam, we noticed something important/);
    });

    it('should fall back to English and accept regional and Norwegian codes', () => {
      expect(sut('Ana', 'es')).toMatch(/^Hi Ana,/);
      expect(sut('Kari', 'nb')).toMatch(/^Hei Kari,/);
      expect(sut('Can', 'tr-TR')).toMatch(/^Merhaba Can,/);
    });

    it('should greet without a name and show an e-mail identity by its local part', () => {
      expect(sut(null, 'en')).toMatch(/^Hi, we noticed/);
      expect(sut('  ', 'de')).toMatch(/^Hallo, wir haben/);
      expect(sut('user@example.com', 'en')).toMatch(/^Hi user, /);
      expect(sut('<b>Eve</b>\u0000', 'en')).toMatch(/^Hi bEve\/b, /);
    });
  });
});
