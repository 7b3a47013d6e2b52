import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_WINDOW_HOURS = 720;
export const DEFAULT_WINDOW_HOURS = 24;

const COUNTS_SCHEMA = { type: 'object', additionalProperties: { type: 'integer' } } as const;

export class StatsQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    description: 'Length of the window, ending now.',
    minimum: 1,
    maximum: MAX_WINDOW_HOURS,
    default: DEFAULT_WINDOW_HOURS,
  })
  @IsOptional()
  // Only plain digits become a number: `1e2`, `0x10` or ` 24` stay strings and fail `IsInt`.
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(MAX_WINDOW_HOURS)
  hours: number = DEFAULT_WINDOW_HOURS;
}

export class MessageStatsDto {
  @ApiProperty({ description: 'Messages received in the window.' })
  total: number;

  @ApiProperty({ description: 'Repeat deliveries of the messages received in the window.' })
  duplicates: number;

  @ApiProperty({ ...COUNTS_SCHEMA, example: { whatsapp: 12, userlike: 3 } })
  by_platform: Record<string, number>;

  @ApiProperty({ ...COUNTS_SCHEMA, example: { done: 14, failed: 1 } })
  by_status: Record<string, number>;
}

export class AnalysisStatsDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Mean urgency score (1–10), two decimals; null when nothing was analysed.',
  })
  average_urgency: number | null;

  @ApiProperty({ ...COUNTS_SCHEMA, example: { support: 9, sales: 4 } })
  by_category: Record<string, number>;

  @ApiProperty({ ...COUNTS_SCHEMA, example: { normal: 10, critical: 1 } })
  by_priority: Record<string, number>;

  @ApiProperty({ ...COUNTS_SCHEMA, example: { neutral: 8, negative: 3 } })
  by_sentiment: Record<string, number>;

  @ApiProperty({ description: 'Analyses that flagged the message as needing action.' })
  action_required: number;

  @ApiProperty({ ...COUNTS_SCHEMA, example: { heuristic: 11, openai: 2 } })
  by_analyzer: Record<string, number>;
}

export class AgentRoutingStatsDto {
  @ApiProperty({ description: 'Attempts, skipped ones included.' })
  total: number;

  @ApiProperty()
  succeeded: number;

  @ApiProperty()
  failed: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Rounded mean over the attempts that called the agent; null when none did.',
  })
  average_latency_ms: number | null;
}

export class RoutingStatsDto {
  @ApiProperty({ description: 'Agent call attempts; skipped ones count here only.' })
  total: number;

  @ApiProperty()
  succeeded: number;

  @ApiProperty()
  failed: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(AgentRoutingStatsDto) },
  })
  by_agent: Record<string, AgentRoutingStatsDto>;
}

export class OutboundStatsDto {
  @ApiProperty()
  total: number;

  @ApiProperty({ ...COUNTS_SCHEMA, example: { sent: 5, delivered: 4 } })
  by_status: Record<string, number>;
}

export class LatencyStatsDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Nearest-rank median; null without data.',
  })
  processing_p50: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Nearest-rank 95th percentile.' })
  processing_p95: number | null;
}

export class StatsResponseDto {
  @ApiProperty({ example: 24 })
  window_hours: number;

  @ApiProperty({ description: 'Start of the window, ISO-8601 UTC.' })
  since: string;

  @ApiProperty({ description: 'End of the window, ISO-8601 UTC.' })
  generated_at: string;

  @ApiProperty({ type: MessageStatsDto })
  messages: MessageStatsDto;

  @ApiProperty({ type: AnalysisStatsDto })
  analysis: AnalysisStatsDto;

  @ApiProperty({ type: RoutingStatsDto })
  routing: RoutingStatsDto;

  @ApiProperty({ type: OutboundStatsDto })
  outbound: OutboundStatsDto;

  @ApiProperty({ type: LatencyStatsDto })
  latency_ms: LatencyStatsDto;
}
