import { Controller, Inject, Param, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PageAssetRoute, PageRoute } from 'src/common/http/page-route.decorator';
import type { StaticAssets } from 'src/common/http/static-assets';
import { DASHBOARD_ASSETS, DASHBOARD_HTML } from 'src/dashboard/dashboard-assets';

@ApiTags('operations')
@Controller('dashboard')
export class DashboardController {
  constructor(
    @Inject(DASHBOARD_HTML) private readonly html: string,
    @Inject(DASHBOARD_ASSETS) private readonly assets: StaticAssets,
  ) {}

  @PageRoute(
    'Operator dashboard of the last 24 hours',
    'Charts of the last 24 hours (1 h and 7 d on a switch), drawn from `GET /stats/timeseries`',
  )
  page(): string {
    return this.html;
  }

  @PageAssetRoute()
  asset(@Param('name') name: string): StreamableFile {
    return this.assets.stream(name);
  }
}
