import { ApiProperty } from '@nestjs/swagger';
import { Category, PriorityLevel, Sentiment } from 'src/core/message-analysis';
import { Handling, Platform } from 'src/core/inbound-message';
import { MessageSenderResponse } from 'src/messages/message-detail.response';
import { MessageStatus } from 'src/core/message-status';
import { RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import { AgentName } from 'src/core/routing-outcome';

// `GET /admin/messages`: a list row carries what an operator triages by; `GET /messages/:id`
// has the rest.

export class AdminMessageAnalysis {
  @ApiProperty({ minimum: 1, maximum: 10 }) urgency_score: number;
  @ApiProperty({ enum: PriorityLevel }) priority_level: string;
  @ApiProperty({ enum: Category }) category: string;
  @ApiProperty({ enum: Sentiment }) sentiment: string;
  @ApiProperty({ enum: ['openai', 'heuristic'] }) analyzer: string;
  @ApiProperty({ type: String, nullable: true, description: 'The analyzer’s model version' })
  model: string | null;
}

export class AdminMessageRouting {
  @ApiProperty({ enum: AgentName, description: 'The agent that took it, else the last one tried' })
  agent: string;
  @ApiProperty({ enum: RoutingAttemptStatus, description: 'How that agent’s attempt ended' })
  outcome: string;
  @ApiProperty({ description: 'The agent is agent_hub, standing in for the chosen one' })
  is_fallback: boolean;
  @ApiProperty({ description: 'Agent calls made' }) attempts: number;
}

export class AdminMessageSummary {
  @ApiProperty({ example: 42 }) id: number;
  @ApiProperty({ enum: Platform, example: 'whatsapp' }) platform: string;
  @ApiProperty({ example: 'wamid.HBgM...' }) external_id: string;
  @ApiProperty({ example: '905551234567' }) conversation_id: string;
  @ApiProperty({ type: String, nullable: true }) conversation_name: string | null;
  @ApiProperty({ type: MessageSenderResponse }) sender: MessageSenderResponse;
  @ApiProperty({ description: 'The text, cut to 160 characters (`[image]` for media only)' })
  preview: string;
  @ApiProperty({ enum: MessageStatus }) status: MessageStatus;
  @ApiProperty({ enum: Handling }) handling: string;
  @ApiProperty({ description: 'Processing attempts started since it was stored or replayed' })
  attempts: number;
  @ApiProperty({ type: String, nullable: true }) last_error: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  next_attempt_at: string | null;
  @ApiProperty({ format: 'date-time' }) received_at: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  processed_at: string | null;
  @ApiProperty({
    type: AdminMessageAnalysis,
    nullable: true,
    description: 'Not analysed yet: null',
  })
  analysis: AdminMessageAnalysis | null;
  @ApiProperty({
    type: AdminMessageRouting,
    nullable: true,
    description: 'No agent call yet: null',
  })
  routing: AdminMessageRouting | null;
}

export class OpenUrgentCounts {
  @ApiProperty({ description: 'Critical messages not done yet' }) critical: number;
  @ApiProperty({ description: 'High-priority messages not done yet' }) high: number;
}

export class AdminMessagesResponse {
  @ApiProperty({ type: [AdminMessageSummary], description: 'Newest (received) first' })
  messages: AdminMessageSummary[];
  @ApiProperty({ type: Number, nullable: true, description: 'Pass as `before_id` for more' })
  next_before_id: number | null;
  @ApiProperty({
    type: OpenUrgentCounts,
    description: 'Every stored message, whatever the filters: critical and high not `done`',
  })
  open_urgent: OpenUrgentCounts;
}
