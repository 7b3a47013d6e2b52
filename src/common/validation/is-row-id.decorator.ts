import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

// Ids are `INT` columns.
const MAX_ROW_ID = 2_147_483_647;

/**
 * Only plain digits become a number: `1e2`, `0x10`, `-1` or `1.5` stay strings and fail `IsInt`.
 * For path and query parameters, which arrive as strings.
 */
export function digitsToNumber({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;
}

/** A row id in a path or query parameter: 1 to the largest `INT`. */
export function IsRowId(): PropertyDecorator {
  return applyDecorators(Transform(digitsToNumber), IsInt(), Min(1), Max(MAX_ROW_ID));
}
