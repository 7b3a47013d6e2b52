import { constantTimeEqual } from 'src/common/security/constant-time-equal';

describe('constantTimeEqual', () => {
  it('should accept the same secret, as text or as bytes', () => {
    expect(constantTimeEqual('s3cret-token', 's3cret-token')).toBe(true);
    expect(constantTimeEqual(Buffer.from('şifre-🔑'), 'şifre-🔑')).toBe(true);
  });

  it('should refuse a secret that differs in one character, in case or in length', () => {
    expect(constantTimeEqual('s3cret-tokem', 's3cret-token')).toBe(false);
    expect(constantTimeEqual('S3cret-token', 's3cret-token')).toBe(false);
    expect(constantTimeEqual('s3cret-token ', 's3cret-token')).toBe(false);
    expect(constantTimeEqual('', 's3cret-token')).toBe(false);
  });
});
