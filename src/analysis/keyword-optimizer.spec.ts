import {
  generateMessage,
  NOTIFY_THRESHOLD,
  scoreEvent,
  shouldNotify,
} from 'src/analysis/keyword-optimizer';

describe('keyword-optimizer', () => {
  describe(scoreEvent.name, () => {
    const sut = scoreEvent;

    it('should score urgency keywords of every supported language high', () => {
      for (const text of [
        'URGENT, my brakes failed',
        'ACİL! Frenler tutmuyor',
        'Dringend, die Bremsen gehen nicht',
        'Det haster, bremsene virker ikke',
      ]) {
        expect(sut(text)).toBeGreaterThanOrEqual(NOTIFY_THRESHOLD);
      }
    });

    it('should score negated urgency and ordinary questions low', () => {
      expect(sut('not urgent, just a question')).toBeLessThan(NOTIFY_THRESHOLD);
      expect(sut('acil değil')).toBeLessThan(NOTIFY_THRESHOLD);
      expect(sut('Hello, bot!')).toBeLessThan(NOTIFY_THRESHOLD);
    });

    it('should stay within 1 to 10', () => {
      expect(sut('')).toBe(2);
      expect(sut('URGENT!!! 🚨 fire, emergency, someone is injured, asap!!!')).toBe(10);
    });
  });

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
