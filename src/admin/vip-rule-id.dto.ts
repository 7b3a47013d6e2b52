import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

// Ids are `INT` columns.
const MAX_ID = 2_147_483_647;

export class VipRuleIdDto {
  @ApiProperty({ type: 'integer', minimum: 1, example: 7 })
  // Only plain digits become a number: `1e2`, `0x10`, `-1` or `1.5` stay strings and fail `IsInt`.
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  id: number;
}
