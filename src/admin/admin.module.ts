import { Module } from '@nestjs/common';
import { CriticalGroupsController } from 'src/admin/critical-groups.controller';
import { ImportantCustomersController } from 'src/admin/important-customers.controller';
import { TriageAdminService } from 'src/admin/triage-admin.service';
import { TriageController } from 'src/admin/triage.controller';
import { VipRulesService } from 'src/admin/vip-rules.service';
import { AnalysisModule } from 'src/analysis/analysis.module';
import { MessagesModule } from 'src/messages/messages.module';

// The VIP rules are written through the analysis module's `VipRepository`, the one class over
// `important_customers` and `critical_groups`, which registers their entities.
@Module({
  imports: [AnalysisModule, MessagesModule],
  controllers: [ImportantCustomersController, CriticalGroupsController, TriageController],
  providers: [VipRulesService, TriageAdminService],
})
export class AdminModule {}
