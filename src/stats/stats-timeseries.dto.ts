import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import {
  AnalysisStatsDto,
  LatencyStatsDto,
  MessageStatsDto,
  OutboundStatsDto,
  RoutingStatsDto,
  StatsQueryDto,
} from 'src/stats/stats.dto';
import { DEFAULT_TIME_BUCKET, TIME_BUCKET_NAMES, type TimeBucket } from 'src/stats/time-buckets';

export class TimeseriesQueryDto extends StatsQueryDto {
  @ApiPropertyOptional({
    enum: TIME_BUCKET_NAMES,
    description: 'Bucket size; buckets start at whole multiples of it since the Unix epoch (UTC).',
    default: DEFAULT_TIME_BUCKET,
  })
  @IsOptional()
  @IsIn(TIME_BUCKET_NAMES)
  bucket: TimeBucket = DEFAULT_TIME_BUCKET;
}

export class TimeseriesBucketDto {
  @ApiProperty({ description: 'Start of the bucket, ISO-8601 UTC.' })
  start: string;

  @ApiProperty({ type: MessageStatsDto, description: 'Messages received in the bucket.' })
  messages: MessageStatsDto;

  @ApiProperty({ type: AnalysisStatsDto, description: 'Analyses made in the bucket.' })
  analysis: AnalysisStatsDto;

  @ApiProperty({ type: RoutingStatsDto, description: 'Agent call attempts made in the bucket.' })
  routing: RoutingStatsDto;

  @ApiProperty({ type: OutboundStatsDto, description: 'Outbound messages created in the bucket.' })
  outbound: OutboundStatsDto;

  @ApiProperty({
    type: LatencyStatsDto,
    description: 'Processing time of the messages received in the bucket (nearest rank).',
  })
  latency_ms: LatencyStatsDto;
}

export class TimeseriesTotalsDto {
  @ApiProperty({ type: MessageStatsDto, description: 'The same numbers as `/stats` `messages`.' })
  messages: MessageStatsDto;

  @ApiProperty({ type: AnalysisStatsDto, description: 'The same numbers as `/stats` `analysis`.' })
  analysis: AnalysisStatsDto;

  @ApiProperty({ type: RoutingStatsDto, description: 'The same numbers as `/stats` `routing`.' })
  routing: RoutingStatsDto;

  @ApiProperty({ type: OutboundStatsDto, description: 'The same numbers as `/stats` `outbound`.' })
  outbound: OutboundStatsDto;

  @ApiProperty({ description: 'Messages of the window now `failed` (to be retried).' })
  failed: number;

  @ApiProperty({ description: 'Messages of the window now `dead` (retries given up).' })
  dead: number;
}

export class TimeseriesResponseDto {
  @ApiProperty({ example: 24 })
  window_hours: number;

  @ApiProperty({ enum: TIME_BUCKET_NAMES, example: DEFAULT_TIME_BUCKET })
  bucket: TimeBucket;

  @ApiProperty({ example: 3600 })
  bucket_seconds: number;

  @ApiProperty({ description: 'Start of the window, ISO-8601 UTC (as `/stats` `since`).' })
  since: string;

  @ApiProperty({ description: 'End of the window, ISO-8601 UTC.' })
  generated_at: string;

  @ApiProperty({ type: TimeseriesTotalsDto })
  totals: TimeseriesTotalsDto;

  @ApiProperty({
    type: [TimeseriesBucketDto],
    description: 'Every bucket of the window, oldest first, empty ones included.',
  })
  buckets: TimeseriesBucketDto[];
}
