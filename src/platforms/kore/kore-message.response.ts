import { ApiProperty } from '@nestjs/swagger';

export class KoreMessageResponse {
  @ApiProperty() text: string;
  @ApiProperty({ example: 'text' }) type: 'text';
}
