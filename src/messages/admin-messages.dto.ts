import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Category, PriorityLevel } from 'src/core/message-analysis';
import { PageQueryDto } from 'src/common/validation/page-query.dto';
import { IsTimestamp } from 'src/common/validation/is-timestamp.decorator';
import { Platform } from 'src/core/inbound-message';
import { MessageStatus } from 'src/core/message-status';

// An optional filter: `a,b` (or the parameter repeated), each value one of `values`.
function OneOrMoreOf(values: readonly string[], description: string, example: string) {
  return applyDecorators(
    ApiPropertyOptional({
      type: String,
      description: `${description}, comma-separated: ${values.map((v) => `\`${v}\``).join(', ')}`,
      example,
    }),
    IsOptional(),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.split(',').map((part) => part.trim()) : value,
    ),
    IsArray(),
    ArrayMinSize(1),
    IsIn(values, { each: true }),
  );
}

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
