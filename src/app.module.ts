import { type DynamicModule, Module } from '@nestjs/common';
import { AdminModule } from 'src/admin/admin.module';
import { LoggingModule } from 'src/common/logging/logging.module';
import { SecurityModule } from 'src/common/security/security.module';
import type { AppConfig } from 'src/config/app-config';
import { AppConfigModule } from 'src/config/app-config.module';
import { DashboardModule } from 'src/dashboard/dashboard.module';
import { DatabaseModule } from 'src/database/database.module';
import { DocsModule } from 'src/docs/docs.module';
import { HealthModule } from 'src/health/health.module';
import { InboxModule } from 'src/inbox/inbox.module';
import { MetricsModule } from 'src/metrics/metrics.module';
import { KindlyModule } from 'src/platforms/kindly/kindly.module';
import { KoreModule } from 'src/platforms/kore/kore.module';
import { UserlikeModule } from 'src/platforms/userlike/userlike.module';
import { WhatsappModule } from 'src/platforms/whatsapp/whatsapp.module';
import { QueueModule } from 'src/queue/queue.module';
import { StatsModule } from 'src/stats/stats.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule,
        SecurityModule,
        DatabaseModule,
        MetricsModule,
        WhatsappModule,
        UserlikeModule,
        KindlyModule,
        KoreModule,
        HealthModule,
        StatsModule,
        AdminModule,
        DashboardModule,
        InboxModule,
        DocsModule,
        QueueModule.forRoot(config),
      ],
    };
  }
}
