import { ApiProperty } from '@nestjs/swagger';
import { IsRowId } from 'src/common/validation/is-row-id.decorator';

export class MessageIdParamsDto {
  @ApiProperty({ type: 'integer', minimum: 1, example: 42 })
  @IsRowId()
  id: number;
}
