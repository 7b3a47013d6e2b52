import { WhatsappAdapter } from 'src/platforms/whatsapp/whatsapp.adapter';
import { SECRET, VERIFY_TOKEN, whatsappAdapterWith } from 'test/factories/whatsapp-adapter.factory';
import { signWhatsapp } from 'test/factories/whatsapp-payload.factory';

describe(WhatsappAdapter.name, () => {
  let sut: WhatsappAdapter;

  beforeEach(() => {
    sut = whatsappAdapterWith();
  });

  describe('verifySignature', () => {
    const body = Buffer.from('{"object":"whatsapp_business_account"}');

    it("should accept the wire notes' example signature", () => {
      const header = 'sha256=b6978b21c4467654c466607663db9b43fae44b71083568df403e0a077089208e';

      expect(sut.verifySignature(body, { 'x-hub-signature-256': header })).toBe(true);
      expect(
        sut.verifySignature(body, {
          'x-hub-signature-256': header.toUpperCase().replace('SHA256', 'sha256'),
        }),
      ).toBe(true);
    });

    it('should verify the exact bytes, emoji and escaped unicode included', () => {
      const raw = Buffer.from(
        '{"object":"whatsapp_business_account","entry":[],"t":"\\ud83d\\ude00 😀 Çağrı İĞÜŞÖ"}',
        'utf8',
      );
      const header = signWhatsapp(raw, SECRET);
      const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))), 'utf8');

      expect(sut.verifySignature(raw, { 'x-hub-signature-256': header })).toBe(true);
      expect(sut.verifySignature(reserialised, { 'x-hub-signature-256': header })).toBe(false);
    });

    it.each<[string, Record<string, string | string[]>]>([
      ['no header', {}],
      ['an empty header', { 'x-hub-signature-256': '' }],
      ['a wrong signature', { 'x-hub-signature-256': signWhatsapp(body, 'another-secret') }],
      ['no sha256= prefix', { 'x-hub-signature-256': signWhatsapp(body, SECRET).slice(7) }],
      [
        'a SHA-1 header only',
        { 'x-hub-signature': 'sha1=0123456789abcdef0123456789abcdef01234567' },
      ],
      ['a repeated header', { 'x-hub-signature-256': [signWhatsapp(body, SECRET), 'sha256=00'] }],
    ])('should refuse %s', (_case, headers) => {
      expect(sut.verifySignature(body, headers)).toBe(false);
    });

    it('should refuse a request without a body', () => {
      expect(
        sut.verifySignature(undefined, { 'x-hub-signature-256': signWhatsapp(body, SECRET) }),
      ).toBe(false);
    });

    it('should accept unsigned requests without a secret only when unsigned webhooks are allowed', () => {
      const open = whatsappAdapterWith({
        WHATSAPP_APP_SECRET: '',
        ALLOW_UNSIGNED_WEBHOOKS: 'true',
      });
      const closed = whatsappAdapterWith({
        WHATSAPP_APP_SECRET: '',
        ALLOW_UNSIGNED_WEBHOOKS: 'false',
      });

      expect(open.verifySignature(body, {})).toBe(true);
      expect(closed.verifySignature(body, {})).toBe(false);
      expect(
        closed.verifySignature(body, { 'x-hub-signature-256': signWhatsapp(body, SECRET) }),
      ).toBe(false);
    });
  });

  describe('challengeFor', () => {
    it('should echo the challenge for subscribe and the right token', () => {
      expect(sut.challengeFor('subscribe', VERIFY_TOKEN, '1158201444')).toBe('1158201444');
    });

    it.each<[string, unknown, unknown, unknown]>([
      ['a wrong token', 'subscribe', 'guess', '1'],
      ['another mode', 'unsubscribe', VERIFY_TOKEN, '1'],
      ['no token', 'subscribe', undefined, '1'],
      ['a repeated token', 'subscribe', [VERIFY_TOKEN, VERIFY_TOKEN], '1'],
      ['no challenge', 'subscribe', VERIFY_TOKEN, undefined],
      ['an empty challenge', 'subscribe', VERIFY_TOKEN, ''],
    ])('should refuse %s', (_case, mode, token, challenge) => {
      expect(sut.challengeFor(mode, token, challenge)).toBeNull();
    });

    it('should refuse every verification when WHATSAPP_VERIFY_TOKEN is unset', () => {
      const unset = whatsappAdapterWith({ WHATSAPP_VERIFY_TOKEN: '' });

      expect(unset.challengeFor('subscribe', '', '1')).toBeNull();
      expect(unset.challengeFor('subscribe', 'anything', '1')).toBeNull();
    });
  });
});
