import { ApiProperty } from '@nestjs/swagger';

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
