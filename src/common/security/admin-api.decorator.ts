import { applyDecorators, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminTokenGuard } from 'src/common/security/admin-token.guard';

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
    UseGuards(AdminTokenGuard),
  );
}
