import {
  foldForMatching,
  foldName,
  lowerCaseFor,
  normalizePhone,
} from 'src/analysis/text-normalization';

describe('text-normalization', () => {
  it('should lower-case I and İ the Turkish way only for Turkish', () => {
    expect(lowerCaseFor('IŞIK İZER', 'tr')).toBe('ışık izer');
    expect(lowerCaseFor('IŞIK İZER', 'en')).toBe('işik izer');
  });

  it('should fold diacritics of every supported language', () => {
    expect(foldForMatching('ACİL DEĞİL')).toBe('acil degil');
    expect(foldForMatching('çalışmıyor')).toBe('calismiyor');
    expect(foldForMatching('Rückerstattung Straße')).toBe('ruckerstattung strasse');
    expect(foldForMatching('ødelagt på lager')).toBe('odelagt pa lager');
  });

  it('should compare names case- and accent-insensitively', () => {
    expect(foldName('  İzer   Management ')).toBe(foldName('IZER management'));
    expect(foldName('VIP Customers')).toBe('vip customers');
  });

  it('should normalise phone numbers to + and digits', () => {
    expect(normalizePhone('+90 (555) 123-45-67')).toBe('+905551234567');
    expect(normalizePhone('905551234567')).toBe('+905551234567');
    expect(normalizePhone('0047 912 34 567')).toBe('+4791234567');
    expect(normalizePhone('n/a')).toBeNull();
    expect(normalizePhone(null)).toBeNull();
  });
});
