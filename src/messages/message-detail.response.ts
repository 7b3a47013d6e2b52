import { ApiProperty } from '@nestjs/swagger';
import { MessageStatus } from 'src/core/message-status';

// `GET /messages/:id`, snake_case like every answer of the gateway. Dates are ISO-8601 UTC.

export class MessageSenderResponse {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
}

export class MessageHistoryLineResponse {
  @ApiProperty() id: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The stored message that brought it' })
  message_id: number | null;
  @ApiProperty() sender: string;
  @ApiProperty() content: string;
  @ApiProperty({ example: 'text' }) content_type: string;
  @ApiProperty({ type: String, nullable: true }) sent_at: string | null;
}

export class MessageAnalysisResponse {
  @ApiProperty({ minimum: 1, maximum: 10 }) urgency_score: number;
  @ApiProperty({ enum: ['sales', 'support', 'complaint', 'inquiry', 'technical', 'general'] })
  category: string;
  @ApiProperty({ enum: ['positive', 'negative', 'neutral', 'urgent'] }) sentiment: string;
  @ApiProperty({ type: [String] }) keywords: string[];
  @ApiProperty({ enum: ['critical', 'high', 'normal', 'low'] }) priority_level: string;
  @ApiProperty() action_required: boolean;
  @ApiProperty({ enum: ['immediate', '1hour', '4hours', '24hours'] })
  recommended_response_time: string;
  @ApiProperty({ example: 'tr', description: '`und` when it could not be told' }) language: string;
  @ApiProperty({ enum: ['openai', 'heuristic'] }) analyzer: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The model version that decided (the classifier’s or OpenAI’s)',
  })
  model: string | null;
  @ApiProperty() reasoning: string;
}

export class RoutingAttemptResponse {
  @ApiProperty({ example: 'general_purpose' }) agent: string;
  @ApiProperty({ description: '1-based, per agent within one routing run' }) attempt: number;
  @ApiProperty() is_fallback: boolean;
  @ApiProperty({ enum: ['succeeded', 'failed', 'skipped'] }) status: string;
  @ApiProperty({ type: Number, nullable: true }) http_status: number | null;
  @ApiProperty() latency_ms: number;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty() created_at: string;
}

export class OutboundMessageResponse {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['reply', 'proactive', 'bot_pass_through', 'handover'] }) kind: string;
  @ApiProperty({ enum: ['queued', 'sent', 'delivered', 'read', 'needs_template', 'failed'] })
  status: string;
  @ApiProperty() recipient: string;
  @ApiProperty() text: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true }) last_error: string | null;
  @ApiProperty({ type: String, nullable: true }) external_id: string | null;
  @ApiProperty() created_at: string;
  @ApiProperty({ type: String, nullable: true }) sent_at: string | null;
}

export class MessageDetailResponse {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'whatsapp' }) platform: string;
  @ApiProperty({ description: "The platform's own message id" }) external_id: string;
  @ApiProperty() conversation_id: string;
  @ApiProperty({ type: String, nullable: true }) conversation_name: string | null;
  @ApiProperty({ type: MessageSenderResponse }) sender: MessageSenderResponse;
  @ApiProperty({ example: 'message' }) event_type: string;
  @ApiProperty() text: string;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) attachments: object[];
  @ApiProperty({
    description: 'The payload as the platform sent it (the message of a batch delivery)',
    type: 'object',
    additionalProperties: true,
    nullable: true,
  })
  raw_payload: object | null;
  @ApiProperty({ enum: MessageStatus }) status: MessageStatus;
  @ApiProperty({ description: 'Processing attempts' }) attempts: number;
  @ApiProperty({ type: String, nullable: true }) last_error: string | null;
  @ApiProperty({ description: 'Repeat deliveries received after the first' })
  duplicate_count: number;
  @ApiProperty() sent_at: string;
  @ApiProperty() received_at: string;
  @ApiProperty({ type: String, nullable: true }) processed_at: string | null;
  @ApiProperty({ type: Number, nullable: true }) processing_ms: number | null;
  @ApiProperty({
    type: [MessageHistoryLineResponse],
    description:
      'The conversation (same platform and conversation id), oldest first, last 200 lines',
  })
  history: MessageHistoryLineResponse[];
  @ApiProperty({ type: MessageAnalysisResponse, nullable: true })
  analysis: MessageAnalysisResponse | null;
  @ApiProperty({ type: [RoutingAttemptResponse], description: 'Oldest first' })
  routing_attempts: RoutingAttemptResponse[];
  @ApiProperty({
    type: [OutboundMessageResponse],
    description: 'Replies sent for it, oldest first',
  })
  outbound: OutboundMessageResponse[];
}
