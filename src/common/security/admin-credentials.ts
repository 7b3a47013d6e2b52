import { Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { constantTimeEqual } from 'src/common/security/constant-time-equal';
import type { CredentialsVerifier } from 'src/common/security/credentials';
import { AppConfig } from 'src/config/app-config';

const BEARER = /^Bearer[ \t]+(.+)$/i;

/**
 * Admin routes (`/messages/*`, `/admin/*`): `Authorization: Bearer <ADMIN_API_TOKEN>`. Without a
 * configured token the admin API is off (503), so a forgotten variable never opens it.
 */
@Injectable()
export class AdminCredentials implements CredentialsVerifier {
  constructor(private readonly config: AppConfig) {}

  unavailableReason(): string | null {
    return this.config.security.adminApiToken ? null : 'admin API disabled';
  }

  verifySignature(_rawBody: Buffer | undefined, headers: IncomingHttpHeaders): boolean {
    const expected = this.config.security.adminApiToken;
    const header = headers.authorization;
    const given = typeof header === 'string' ? BEARER.exec(header)?.[1].trim() : undefined;
    return expected !== null && given !== undefined && constantTimeEqual(given, expected);
  }
}
