import { applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminCredentials } from 'src/common/security/admin-credentials';
import { RequiresCredentials } from 'src/common/security/credentials';

// Every admin controller: behind the admin token, and documented as such.
export function AdminApi(): ClassDecorator {
  return applyDecorators(
    ApiTags('admin'),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({
      description: 'Missing or wrong `Authorization: Bearer <ADMIN_API_TOKEN>`',
    }),
    ApiServiceUnavailableResponse({
      description: 'ADMIN_API_TOKEN is not set: admin API disabled',
    }),
    RequiresCredentials({
      verifier: AdminCredentials,
      // Generic on purpose: never says whether a token was given or how it differed.
      refusal: 'invalid or missing admin credentials',
      challenge: 'Bearer realm="admin"',
    }),
  );
}
