import { Controller, Get, Header, Inject, Param, StreamableFile } from '@nestjs/common';
import {
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { PAGE_CSP, type StaticAssets } from 'src/common/http/static-assets';
import { DASHBOARD_ASSETS, DASHBOARD_HTML } from 'src/dashboard/dashboard-assets';

@ApiTags('operations')
@Controller('dashboard')
export class DashboardController {
  constructor(
    @Inject(DASHBOARD_HTML) private readonly html: string,
    @Inject(DASHBOARD_ASSETS) private readonly assets: StaticAssets,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', PAGE_CSP)
  @Header('x-content-type-options', 'nosniff')
  @Header('cache-control', 'no-cache')
  @ApiOperation({ summary: 'Operator dashboard of the last 24 hours' })
  @ApiProduces('text/html')
  @ApiOkResponse({
    description:
      'Charts of the last 24 hours (1 h and 7 d on a switch), drawn from `GET /stats/timeseries`',
    schema: { type: 'string' },
  })
  page(): string {
    return this.html;
  }

  @Get('assets/:name')
  @Header('x-content-type-options', 'nosniff')
  @Header('cache-control', 'no-cache')
  @ApiExcludeEndpoint()
  asset(@Param('name') name: string): StreamableFile {
    return this.assets.stream(name);
  }
}
