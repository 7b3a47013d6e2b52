import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// The triage result, for Kore dialogs to branch on (seed 000 left `context` empty).
export class KoreContextResponse {
  @ApiProperty({ description: "Seed 000's optimizer score (1–10)" }) score: number;
  @ApiProperty({ description: 'Whether the optimizer flagged the message as important' })
  should_notify: boolean;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'The analysis; null when it had not finished when the answer was due',
  })
  urgency_score: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'high' }) priority_level: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'support' }) category: string | null;
  @ApiProperty() message_id: string;
  @ApiProperty() database_id: number;
  @ApiPropertyOptional({ description: 'Present and true on a repeat delivery' }) duplicate?: true;
}
