import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsOptional } from 'class-validator';

/** An optional query filter: `a,b` (or the parameter repeated), each value one of `values`. */
export function OneOrMoreOf(values: readonly string[], description: string, example: string) {
  return applyDecorators(
    ApiPropertyOptional({
      type: String,
      description: `${description}, comma-separated: ${values.map((v) => `\`${v}\``).join(', ')}`,
      example,
    }),
    IsOptional(),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.split(',').map((part) => part.trim()) : value,
    ),
    IsArray(),
    ArrayMinSize(1),
    IsIn(values, { each: true }),
  );
}
