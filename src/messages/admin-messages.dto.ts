import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Category, PriorityLevel } from 'src/core/message-analysis';
import { PageQueryDto } from 'src/common/validation/page-query.dto';
import { IsTimestamp } from 'src/common/validation/is-timestamp.decorator';
import { OneOrMoreOf } from 'src/common/validation/one-or-more-of.decorator';
import { Platform } from 'src/core/inbound-message';
import { MessageStatus } from 'src/core/message-status';

export class AdminMessagesQueryDto extends PageQueryDto {
  @OneOrMoreOf(
    Object.values(MessageStatus),
    'Only messages in these states (failed and dead when left out)',
    'failed,dead',
  )
  status?: MessageStatus[];

  @OneOrMoreOf(
    Object.values(PriorityLevel),
    'Only messages whose analysis has one of these priorities',
    'critical,high',
  )
  priority?: PriorityLevel[];

  @OneOrMoreOf(
    Object.values(Category),
    'Only messages whose analysis has one of these categories',
    'complaint',
  )
  category?: Category[];

  @OneOrMoreOf(Object.values(Platform), 'Only messages from these platforms', 'whatsapp')
  platform?: Platform[];

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Received at or after this time (RFC 3339)',
    example: '2025-03-03T00:00:00Z',
  })
  @IsOptional()
  @IsTimestamp()
  since?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Received before this time (RFC 3339)',
    example: '2025-03-04T00:00:00Z',
  })
  @IsOptional()
  @IsTimestamp()
  until?: string;

  @ApiPropertyOptional({
    maxLength: 200,
    description:
      'Text searched in the message, the sender’s name and the conversation name, ignoring case ' +
      'and accents (`iade` finds `İADE`)',
    example: 'iade',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class ReplayResponse {
  @ApiProperty({ example: 42 }) id: number;
  @ApiProperty({ example: 'queued' }) status: 'queued';
}
