import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { digitsToNumber, IsRowId } from 'src/common/validation/is-row-id.decorator';

// Newest first, `limit` rows at a time; the next page starts before the last id shown.
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Transform(digitsToNumber)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'Next page: the `next_before_id` of the previous answer (with the same filters)',
  })
  @IsOptional()
  @IsRowId()
  before_id?: number;
}
