import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// The triage result, for Kore dialogs to branch on (seed 000 left `context` empty).
export class KoreContextResponse {
  @ApiProperty({
    nullable: true,
    type: Number,
    description: "Seed 000's score: the stored analysis's urgency (1–10); null like urgency_score",
  })
  score: number | null;
  @ApiProperty({
    description: 'Whether the answer tells the user that someone will get back to them',
  })
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
