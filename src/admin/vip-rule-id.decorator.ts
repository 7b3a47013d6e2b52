import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse } from '@nestjs/swagger';

// The answers of a route that takes a `VipRuleIdDto`, for the rule named by `rule`.
export function ApiVipRuleIdResponses(rule: string): MethodDecorator {
  return applyDecorators(
    ApiBadRequestResponse({ description: '`id` is not a positive integer' }),
    ApiNotFoundResponse({ description: `No ${rule} has this id` }),
  );
}
