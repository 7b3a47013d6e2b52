import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { digitsToNumber, IsRowId } from 'src/common/validation/is-row-id.decorator';
import { MessageStatus } from 'src/messages/webhook-message.entity';

export class AdminMessagesQueryDto {
  @ApiPropertyOptional({
    type: String,
    description:
      'Only messages in these states, comma-separated (`failed,dead`); failed and dead when left out',
    example: MessageStatus.Dead,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((part) => part.trim()) : value,
  )
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(Object.values(MessageStatus), { each: true })
  status?: MessageStatus[];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Transform(digitsToNumber)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'Next page: the `next_before_id` of the previous answer',
  })
  @IsOptional()
  @IsRowId()
  before_id?: number;
}

export class AdminMessageSummary {
  @ApiProperty({ example: 42 }) id: number;
  @ApiProperty({ example: 'whatsapp' }) platform: string;
  @ApiProperty({ example: 'wamid.HBgM...' }) external_id: string;
  @ApiProperty({ example: '905551234567' }) conversation_id: string;
  @ApiProperty({ enum: MessageStatus }) status: MessageStatus;
  @ApiProperty({ description: 'Processing attempts started since it was stored or replayed' })
  attempts: number;
  @ApiProperty({ type: String, nullable: true }) last_error: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  next_attempt_at: string | null;
  @ApiProperty({ format: 'date-time' }) received_at: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  processed_at: string | null;
}

export class AdminMessagesResponse {
  @ApiProperty({ type: [AdminMessageSummary] }) messages: AdminMessageSummary[];
  @ApiProperty({ type: Number, nullable: true, description: 'Pass as `before_id` for more' })
  next_before_id: number | null;
}

export class ReplayResponse {
  @ApiProperty({ example: 42 }) id: number;
  @ApiProperty({ example: 'queued' }) status: 'queued';
}
