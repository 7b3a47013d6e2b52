import type { Type } from '@nestjs/common';
import { type CredentialsVerifier, RequiresCredentials } from 'src/common/security/credentials';

/** The webhook route's credentials are the adapter's to check (`verifySignature`). */
export const SignedBy = (adapter: Type<CredentialsVerifier>): ClassDecorator & MethodDecorator =>
  RequiresCredentials({ verifier: adapter, refusal: 'invalid or missing webhook credentials' });
