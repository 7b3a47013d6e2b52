import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { RateLimited } from 'src/common/http/rate-limited.decorator';
import { TimeseriesQueryDto, TimeseriesResponseDto } from 'src/stats/stats-timeseries.dto';
import { AgentRoutingStatsDto, StatsQueryDto, StatsResponseDto } from 'src/stats/stats.dto';
import { StatsService } from 'src/stats/stats.service';

@ApiTags('stats')
@ApiExtraModels(AgentRoutingStatsDto)
@ApiBadRequestResponse({ description: 'A query value out of range; `fields` names each' })
@ApiTooManyRequestsResponse({
  description: 'More than STATS_RATE_LIMIT calls in a minute from this address; see Retry-After',
})
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  @RateLimited()
  @ApiOperation({ summary: 'Counts of the last `hours` from the database' })
  @ApiOkResponse({ type: StatsResponseDto })
  getStats(@Query() query: StatsQueryDto): Promise<StatsResponseDto> {
    return this.stats.getStats(query.hours);
  }

  @Get('timeseries')
  @RateLimited()
  @ApiOperation({ summary: 'The numbers of /stats per time bucket (the dashboard reads this)' })
  @ApiOkResponse({ type: TimeseriesResponseDto })
  getTimeseries(@Query() query: TimeseriesQueryDto): Promise<TimeseriesResponseDto> {
    return this.stats.getTimeseries(query.hours, query.bucket);
  }
}
