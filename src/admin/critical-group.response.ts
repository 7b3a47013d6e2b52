import { ApiProperty } from '@nestjs/swagger';

// A `critical_groups` row, snake_case like every answer of the gateway.
export class CriticalGroupResponse {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) priority_boost: number;
  @ApiProperty() is_active: boolean;
  @ApiProperty({ example: '2025-03-03T11:10:00.000Z' }) created_at: string;
}
