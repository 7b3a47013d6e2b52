import { Controller, Get, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AgentRoutingStatsDto, StatsQueryDto, StatsResponseDto } from 'src/stats/stats.dto';
import { StatsService } from 'src/stats/stats.service';

@ApiTags('stats')
@ApiExtraModels(AgentRoutingStatsDto)
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  @ApiOkResponse({ type: StatsResponseDto })
  getStats(@Query() query: StatsQueryDto): Promise<StatsResponseDto> {
    return this.stats.getStats(query.hours);
  }
}
