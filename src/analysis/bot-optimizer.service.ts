import { Injectable } from '@nestjs/common';
import {
  EngagementEventRepository,
  type EngagementInput,
} from 'src/analysis/engagement-event.repository';
import { generateMessage, shouldNotify } from 'src/analysis/keyword-optimizer';
import { TriageClassifier } from 'src/analysis/triage-classifier.service';

// Seed 000's `BotOptimizer`, typed: score, should_notify, generate_message and record_engagement.
@Injectable()
export class BotOptimizerService {
  constructor(
    private readonly engagements: EngagementEventRepository,
    private readonly classifier: TriageClassifier,
  ) {}

  // Seed 000's score_event: the offline triage's urgency (1–10), corrections included.
  score(text: string): number {
    return this.classifier.analyze(text).analysis.urgencyScore;
  }

  shouldNotify(score: number): boolean {
    return shouldNotify(score);
  }

  generateMessage(userName: string | null, language: string): string {
    return generateMessage(userName, language);
  }

  async recordEngagement(event: EngagementInput): Promise<void> {
    await this.engagements.append(event);
  }
}
