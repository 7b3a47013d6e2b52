import { ApiProperty } from '@nestjs/swagger';
import { IsRowId } from 'src/common/validation/is-row-id.decorator';

export class VipRuleIdDto {
  @ApiProperty({ type: 'integer', minimum: 1, example: 7 })
  @IsRowId()
  id: number;
}
