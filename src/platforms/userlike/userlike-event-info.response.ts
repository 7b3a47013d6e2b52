import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class UserlikeEventInfo {
  @ApiProperty({ example: 'chatbot::412:3c9e0a7b51d24f6e8a0b9c1d2e3f4a5b' }) cid: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'The context Userlike sent, extended with `triage` {urgency_score, category, priority_level, sentiment, message_id}; at most 10 KB',
  })
  context?: Record<string, unknown>;
}
