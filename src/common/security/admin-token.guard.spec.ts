import {
  type ExecutionContext,
  HttpException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { AdminTokenGuard } from 'src/common/security/admin-token.guard';
import { AppConfig } from 'src/config/app-config';

const TOKEN = 'admin-token-0123456789abcdef';

interface FakeHttp {
  context: ExecutionContext;
  headers: Record<string, string>;
}

function httpContext(authorization?: string): FakeHttp {
  const headers: Record<string, string> = {};
  const request = { headers: authorization === undefined ? {} : { authorization } };
  const reply = {
    header(name: string, value: string) {
      headers[name] = value;
      return reply;
    },
  };
  const context = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ExecutionContext;
  return { context, headers };
}

function guardWith(token: string | undefined): AdminTokenGuard {
  return new AdminTokenGuard(
    AppConfig.fromEnv(token === undefined ? {} : { ADMIN_API_TOKEN: token }),
  );
}

function thrownBy(action: () => unknown): HttpException {
  try {
    action();
  } catch (error) {
    if (error instanceof HttpException) {
      return error;
    }
    throw error;
  }
  throw new Error('expected the guard to refuse');
}

describe(AdminTokenGuard.name, () => {
  it('should let the configured bearer token through', () => {
    const sut = guardWith(TOKEN);

    expect(sut.canActivate(httpContext(`Bearer ${TOKEN}`).context)).toBe(true);
  });

  it('should accept the scheme in any case and surrounding blanks', () => {
    const sut = guardWith(TOKEN);

    expect(sut.canActivate(httpContext(`bearer   ${TOKEN} `).context)).toBe(true);
  });

  it('should answer 503 "admin API disabled" when no token is configured, whatever is sent', () => {
    const sut = guardWith(undefined);

    for (const header of [undefined, `Bearer ${TOKEN}`, 'Bearer ']) {
      const error = thrownBy(() => sut.canActivate(httpContext(header).context));
      expect(error).toBeInstanceOf(ServiceUnavailableException);
      expect(error.getResponse()).toEqual({ statusCode: 503, message: 'admin API disabled' });
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
  ])('should answer 401 with a generic message for %s', (_case, header) => {
    const sut = guardWith(TOKEN);
    const http = httpContext(header);

    const error = thrownBy(() => sut.canActivate(http.context));

    expect(error).toBeInstanceOf(UnauthorizedException);
    const body = JSON.stringify(error.getResponse());
    expect(body).toContain('invalid or missing admin credentials');
    expect(body).not.toContain(TOKEN.slice(0, 8));
    expect(http.headers['www-authenticate']).toBe('Bearer realm="admin"');
  });
});
