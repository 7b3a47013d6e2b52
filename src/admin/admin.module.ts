import { Module } from '@nestjs/common';
import { CriticalGroupsController } from 'src/admin/critical-groups.controller';
import { ImportantCustomersController } from 'src/admin/important-customers.controller';
import { VipRulesService } from 'src/admin/vip-rules.service';
import { AnalysisModule } from 'src/analysis/analysis.module';

// The VIP rules are written through the analysis module's `VipRepository`, the one class over
// `important_customers` and `critical_groups`, which registers their entities.
@Module({
  imports: [AnalysisModule],
  controllers: [ImportantCustomersController, CriticalGroupsController],
  providers: [VipRulesService],
})
export class AdminModule {}
