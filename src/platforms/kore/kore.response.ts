import { ApiProperty } from '@nestjs/swagger';
import { KoreContextResponse } from 'src/platforms/kore/kore-context.response';
import { KoreMessageResponse } from 'src/platforms/kore/kore-message.response';

// Seed 000's `format_kore_response` shape, plus `text` at the top, where Kore's own webhook
// answers carry it.
export class KoreWebhookResponse {
  @ApiProperty({
    description: "The agent's reply, else the optimizer's notice, else an acknowledgement",
  })
  text: string;
  @ApiProperty({ type: KoreMessageResponse }) response: KoreMessageResponse;
  @ApiProperty({ type: KoreContextResponse }) context: KoreContextResponse;
  @ApiProperty({ example: true }) expectUserResponse: true;
}
