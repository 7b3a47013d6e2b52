import { ApiProperty } from '@nestjs/swagger';

// An `important_customers` row, snake_case like every answer of the gateway.
export class ImportantCustomerResponse {
  @ApiProperty() id: number;
  @ApiProperty({ type: String, nullable: true, example: '+905551112233' })
  phone_number: string | null;
  @ApiProperty({ type: String, nullable: true }) platform_user_id: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) priority_boost: number;
  @ApiProperty() is_active: boolean;
  @ApiProperty({ example: '2025-03-03T11:10:00.000Z' }) created_at: string;
}
