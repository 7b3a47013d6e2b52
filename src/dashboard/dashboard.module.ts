import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { serveStaticFiles } from 'src/common/http/static-assets';
import { DashboardController } from 'src/dashboard/dashboard.controller';
import { DASHBOARD_HTML, dashboardFiles, readDashboardHtml } from 'src/dashboard/dashboard-assets';

// `GET /dashboard`: one page whose script reads `GET /stats/timeseries`.
@Module({
  controllers: [DashboardController],
  providers: [{ provide: DASHBOARD_HTML, useFactory: readDashboardHtml }],
})
export class DashboardModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    serveStaticFiles(this.adapterHost, dashboardFiles());
  }
}
