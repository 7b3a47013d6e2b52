import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnalysisService } from 'src/analysis/analysis.service';
import { AnalyticsResult } from 'src/analysis/analytics-result.entity';
import { AnalyticsResultRepository } from 'src/analysis/analytics-result.repository';
import { BotOptimizerService } from 'src/analysis/bot-optimizer.service';
import { CriticalGroup } from 'src/analysis/critical-group.entity';
import { EngagementEvent } from 'src/analysis/engagement-event.entity';
import { EngagementEventRepository } from 'src/analysis/engagement-event.repository';
import { ImportantCustomer } from 'src/analysis/important-customer.entity';
import { OpenAiUrgencyScorer } from 'src/analysis/openai-urgency-scorer';
import { TriageClassifier } from 'src/analysis/triage-classifier.service';
import { TriageLabel } from 'src/analysis/triage-label.entity';
import { TriageModelRow } from 'src/analysis/triage-model.entity';
import { TriageRetrainingService } from 'src/analysis/triage-retraining.service';
import { TriageRepository } from 'src/analysis/triage.repository';
import { URGENCY_SCORER } from 'src/analysis/urgency-scorer';
import { VipRepository } from 'src/analysis/vip.repository';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      AnalyticsResult,
      CriticalGroup,
      ImportantCustomer,
      EngagementEvent,
      TriageLabel,
      TriageModelRow,
    ]),
  ],
  providers: [
    AnalysisService,
    BotOptimizerService,
    AnalyticsResultRepository,
    VipRepository,
    EngagementEventRepository,
    TriageClassifier,
    TriageRepository,
    TriageRetrainingService,
    { provide: URGENCY_SCORER, useClass: OpenAiUrgencyScorer },
  ],
  exports: [
    AnalysisService,
    BotOptimizerService,
    AnalyticsResultRepository,
    VipRepository,
    TriageClassifier,
    TriageRepository,
    TriageRetrainingService,
  ],
})
export class AnalysisModule {}
