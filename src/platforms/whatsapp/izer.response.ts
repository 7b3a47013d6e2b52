import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IzerAnalysisResponse } from 'src/platforms/whatsapp/izer-analysis.response';
import { IzerRoutingResponse } from 'src/platforms/whatsapp/izer-routing.response';

// Seed 004's `POST /webhook` answer.
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
