import { ApiProperty } from '@nestjs/swagger';

export enum TriageStatus {
  // Analysed (and routed) before the answer went out.
  Complete = 'complete',
  // Stored; still being processed when Kindly's answer was due.
  Pending = 'pending',
  // Stored, but processing failed before an analysis existed; it is retried.
  Failed = 'failed',
}

// The context memory keys the gateway sets, for dialogues to branch on. Every key is always sent
// (`null` when unknown), so a value from an earlier turn never lingers in the chat's context.
export class KindlyTriageContext {
  @ApiProperty({ enum: TriageStatus }) triage_status: TriageStatus;
  @ApiProperty({ description: 'Id of the stored message (`GET /messages/:id`)' })
  triage_message_id: number;
  @ApiProperty({ type: Number, minimum: 1, maximum: 10, nullable: true })
  urgency_score: number | null;
  @ApiProperty({
    enum: ['sales', 'support', 'complaint', 'inquiry', 'technical', 'general'],
    nullable: true,
  })
  category: string | null;
  @ApiProperty({ enum: ['critical', 'high', 'normal', 'low'], nullable: true })
  priority_level: string | null;
  @ApiProperty({ enum: ['positive', 'negative', 'neutral', 'urgent'], nullable: true })
  sentiment: string | null;
  @ApiProperty({ type: Boolean, nullable: true }) action_required: boolean | null;
}
