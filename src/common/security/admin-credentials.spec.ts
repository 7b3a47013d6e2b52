import { AdminCredentials } from 'src/common/security/admin-credentials';
import { AppConfig } from 'src/config/app-config';

const TOKEN = 'admin-token-0123456789abcdef';

function credentialsWith(token: string | undefined): AdminCredentials {
  return new AdminCredentials(
    AppConfig.fromEnv(token === undefined ? {} : { ADMIN_API_TOKEN: token }),
  );
}

describe(AdminCredentials.name, () => {
  it('should let the configured bearer token through', () => {
    const sut = credentialsWith(TOKEN);

    expect(sut.verifySignature(undefined, { authorization: `Bearer ${TOKEN}` })).toBe(true);
    expect(sut.unavailableReason()).toBeNull();
  });

  it('should accept the scheme in any case and surrounding blanks', () => {
    const sut = credentialsWith(TOKEN);

    expect(sut.verifySignature(undefined, { authorization: `bearer   ${TOKEN} ` })).toBe(true);
  });

  it('should close the admin API when no token is configured, whatever is sent', () => {
    const sut = credentialsWith(undefined);

    expect(sut.unavailableReason()).toBe('admin API disabled');
    for (const header of [undefined, `Bearer ${TOKEN}`, 'Bearer ']) {
      expect(sut.verifySignature(undefined, { authorization: header })).toBe(false);
    }
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a wrong token', 'Bearer admin-token-0123456789abcdeX'],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, -1)}`],
    ['the token followed by more', `Bearer ${TOKEN}x`],
    ['the bare token', TOKEN],
    ['another scheme', `Basic ${TOKEN}`],
    ['an empty bearer', 'Bearer '],
  ])('should refuse %s', (_case, header) => {
    const sut = credentialsWith(TOKEN);

    expect(sut.verifySignature(undefined, { authorization: header })).toBe(false);
  });
});
