import { ApiProperty } from '@nestjs/swagger';

export class UserlikeEventPacket {
  @ApiProperty({ example: 'message', description: 'message, forward_group or forward_any' })
  name: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { body: 'Hi!' } })
  payload: Record<string, unknown>;
}
