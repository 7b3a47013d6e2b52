import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { TimeseriesQueryDto, TimeseriesResponseDto } from 'src/stats/stats-timeseries.dto';
import { StatsTimeseriesService } from 'src/stats/stats-timeseries.service';
import { AgentRoutingStatsDto, StatsQueryDto, StatsResponseDto } from 'src/stats/stats.dto';
import { StatsService } from 'src/stats/stats.service';

@ApiTags('stats')
@ApiExtraModels(AgentRoutingStatsDto)
@ApiBadRequestResponse({ description: 'A query value out of range; `fields` names each' })
@Controller('stats')
export class StatsController {
  constructor(
    private readonly stats: StatsService,
    private readonly timeseries: StatsTimeseriesService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Counts of the last `hours` from the database' })
  @ApiOkResponse({ type: StatsResponseDto })
  getStats(@Query() query: StatsQueryDto): Promise<StatsResponseDto> {
    return this.stats.getStats(query.hours);
  }

  @Get('timeseries')
  @ApiOperation({ summary: 'The numbers of /stats per time bucket (the dashboard reads this)' })
  @ApiOkResponse({ type: TimeseriesResponseDto })
  getTimeseries(@Query() query: TimeseriesQueryDto): Promise<TimeseriesResponseDto> {
    return this.timeseries.getTimeseries(query.hours, query.bucket);
  }
}
