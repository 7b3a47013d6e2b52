import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsOptional as SkipWhenNullOrUndefined } from 'class-validator';

/**
 * An optional field of a request body: absent, or `null`, which counts as absent (platforms send
 * `null` for empty optional fields). The value is made `undefined`, so code after validation only
 * ever has to handle one kind of "not there".
 */
export function IsOptional(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => value ?? undefined),
    SkipWhenNullOrUndefined(),
  );
}
