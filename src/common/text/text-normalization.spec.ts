import { foldForMatching, foldName, lowerCaseFor } from 'src/common/text/text-normalization';

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
});
