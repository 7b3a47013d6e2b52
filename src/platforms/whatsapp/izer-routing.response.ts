import { ApiProperty } from '@nestjs/swagger';

export class IzerRoutingResponse {
  @ApiProperty() success: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'business_workflow' }) agent: string | null;
  @ApiProperty({ type: Object, description: "The agent's JSON answer" }) response: unknown;
}
