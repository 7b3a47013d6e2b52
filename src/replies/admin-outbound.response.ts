import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Platform } from 'src/core/inbound-message';
import { OutboundKind, OutboundStatus } from 'src/core/outbound-status';
import type { TemplateComponent } from 'src/core/outbound-template';

// `GET /admin/outbound` and `POST /admin/outbound/:id/retry`.

export class OutboundTemplateResponse {
  @ApiProperty({ example: 'order_shipped' }) name: string;
  @ApiProperty({ example: 'tr' }) language: string;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true } })
  components?: TemplateComponent[];
}

export class AdminOutboundSummary {
  @ApiProperty({ example: 42 }) id: number;
  @ApiProperty({ enum: Platform, example: 'whatsapp' }) platform: string;
  @ApiProperty({ enum: OutboundKind }) kind: string;
  @ApiProperty({ enum: OutboundStatus }) status: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The message replied to' })
  message_id: number | null;
  @ApiProperty({ type: String, nullable: true }) conversation_id: string | null;
  @ApiProperty({ example: '905551234567' }) recipient: string;
  @ApiProperty({ description: 'The text; for a template its label `[template name/language]`' })
  text: string;
  @ApiProperty({ type: OutboundTemplateResponse, nullable: true })
  template: OutboundTemplateResponse | null;
  @ApiProperty({ description: 'Platform calls made since it was queued or retried' })
  attempts: number;
  @ApiProperty({ type: String, nullable: true }) last_error: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The platform’s message id' })
  external_id: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time', description: 'When it last changed (e.g. failed)' })
  updated_at: string;
}

export class AdminOutboundResponse {
  @ApiProperty({ type: [AdminOutboundSummary], description: 'Newest (queued) first' })
  outbound: AdminOutboundSummary[];
  @ApiProperty({ type: Number, nullable: true, description: 'Pass as `before_id` for more' })
  next_before_id: number | null;
}

export class OutboundRetryResponse {
  @ApiProperty({ example: 42 }) id: number;
  @ApiProperty({ enum: ['queued'], description: 'Queued again; its row says how it ends' })
  status: 'queued';
}
