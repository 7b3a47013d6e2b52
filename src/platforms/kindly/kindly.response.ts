import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { KindlyTriageContext } from 'src/platforms/kindly/kindly-context.response';

// Kindly's dialogue webhook answer: `reply` is shown to the user, `new_context` is written to the
// chat's context memory.
export class KindlyWebhookResponse {
  @ApiPropertyOptional({
    description: "The agent's reply, or a triage notice for urgent messages; absent otherwise",
  })
  reply?: string;

  @ApiProperty({ type: KindlyTriageContext }) new_context: KindlyTriageContext;
}
