import { Injectable } from '@nestjs/common';
import {
  EngagementEventRepository,
  type EngagementInput,
} from 'src/analysis/engagement-event.repository';
import { generateMessage, scoreEvent, shouldNotify } from 'src/analysis/keyword-optimizer';

// Seed 000's `BotOptimizer`, typed: score, should_notify, generate_message and record_engagement.
@Injectable()
export class BotOptimizerService {
  constructor(private readonly engagements: EngagementEventRepository) {}

  score(text: string): number {
    return scoreEvent(text);
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
