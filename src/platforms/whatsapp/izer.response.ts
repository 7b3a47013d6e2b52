import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class IzerAnalysisResponse {
  @ApiProperty({ minimum: 1, maximum: 10 }) urgency_score: number;
  @ApiProperty({ enum: ['sales', 'support', 'complaint', 'inquiry', 'technical', 'general'] })
  category: string;
  @ApiProperty({ enum: ['positive', 'negative', 'neutral', 'urgent'] }) sentiment: string;
  @ApiProperty({ type: [String] }) keywords: string[];
  @ApiProperty({ enum: ['critical', 'high', 'normal', 'low'] }) priority_level: string;
  @ApiProperty() action_required: boolean;
  @ApiProperty({ enum: ['immediate', '1hour', '4hours', '24hours'] })
  recommended_response_time: string;
}

export class IzerRoutingResponse {
  @ApiProperty() success: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'business_workflow' }) agent: string | null;
  @ApiProperty({ type: Object, description: "The agent's JSON answer" }) response: unknown;
}

/** Seed 004's `POST /webhook` answer. */
export class IzerWebhookResponse {
  @ApiProperty() success: boolean;
  @ApiProperty() message_id: string;
  @ApiProperty() database_id: number;
  @ApiProperty({ type: IzerAnalysisResponse, nullable: true })
  analysis: IzerAnalysisResponse | null;
  @ApiProperty({ type: IzerRoutingResponse }) routing: IzerRoutingResponse;
  @ApiProperty({ example: '2025-03-03T11:10:02Z' }) processed_at: string;
  @ApiPropertyOptional({ description: 'Present and true on a repeat delivery' }) duplicate?: true;
}
