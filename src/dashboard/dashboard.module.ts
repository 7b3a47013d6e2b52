import { Module } from '@nestjs/common';
import { StaticAssets } from 'src/common/http/static-assets';
import { DashboardController } from 'src/dashboard/dashboard.controller';
import {
  DASHBOARD_ASSETS,
  DASHBOARD_HTML,
  dashboardAssetSources,
  readDashboardHtml,
} from 'src/dashboard/dashboard-assets';

// `GET /dashboard`: one page whose script reads `GET /stats/timeseries`.
@Module({
  controllers: [DashboardController],
  providers: [
    { provide: DASHBOARD_HTML, useFactory: readDashboardHtml },
    { provide: DASHBOARD_ASSETS, useFactory: () => StaticAssets.load(dashboardAssetSources()) },
  ],
})
export class DashboardModule {}
