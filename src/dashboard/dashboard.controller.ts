import { Controller, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PageRoute } from 'src/common/http/page-route.decorator';
import { DASHBOARD_HTML } from 'src/dashboard/dashboard-assets';

// Its scripts and styles under `/dashboard/assets/` are static files (`DashboardModule`).
@ApiTags('operations')
@Controller('dashboard')
export class DashboardController {
  constructor(@Inject(DASHBOARD_HTML) private readonly html: string) {}

  @PageRoute(
    'Operator dashboard of the last 24 hours',
    'Charts of the last 24 hours (1 h and 7 d on a switch), drawn from `GET /stats/timeseries`',
  )
  page(): string {
    return this.html;
  }
}
