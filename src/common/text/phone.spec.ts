import { normalizePhone } from 'src/common/text/phone';

describe('normalizePhone', () => {
  it('should normalise phone numbers to + and digits', () => {
    expect(normalizePhone('+90 (555) 123-45-67')).toBe('+905551234567');
    expect(normalizePhone('905551234567')).toBe('+905551234567');
    expect(normalizePhone('0047 912 34 567')).toBe('+4791234567');
    expect(normalizePhone('n/a')).toBeNull();
    expect(normalizePhone(null)).toBeNull();
  });

  it('should give the İzer chat and the VIP rule the same number for an international 00 prefix', () => {
    expect(normalizePhone('0090 555 999 88 77')).toBe(normalizePhone('+90 555 999 88 77'));
  });
});
