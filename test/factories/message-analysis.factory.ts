import {
  AnalyzerKind,
  Category,
  type MessageAnalysis,
  PriorityLevel,
  ResponseTime,
  Sentiment,
} from 'src/core/message-analysis';

export function buildMessageAnalysis(overrides: Partial<MessageAnalysis> = {}): MessageAnalysis {
  return {
    urgencyScore: 5,
    category: Category.General,
    sentiment: Sentiment.Neutral,
    keywords: [],
    priorityLevel: PriorityLevel.Normal,
    isActionRequired: false,
    recommendedResponseTime: ResponseTime.FourHours,
    language: 'en',
    analyzer: AnalyzerKind.Heuristic,
    reasoning: '',
    shouldNotify: false,
    vipBoost: 0,
    model: null,
    ...overrides,
  };
}
