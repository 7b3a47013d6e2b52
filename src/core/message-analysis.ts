export enum Category {
  Sales = 'sales',
  Support = 'support',
  Complaint = 'complaint',
  Inquiry = 'inquiry',
  Technical = 'technical',
  General = 'general',
}

export enum Sentiment {
  Positive = 'positive',
  Negative = 'negative',
  Neutral = 'neutral',
  Urgent = 'urgent',
}

export enum PriorityLevel {
  Critical = 'critical',
  High = 'high',
  Normal = 'normal',
  Low = 'low',
}

// TRIAGE.md's urgent: the team expects priority high or critical.
export function isUrgent(priority: PriorityLevel): boolean {
  return priority === PriorityLevel.Critical || priority === PriorityLevel.High;
}

export enum ResponseTime {
  Immediate = 'immediate',
  OneHour = '1hour',
  FourHours = '4hours',
  OneDay = '24hours',
}

export enum AnalyzerKind {
  OpenAi = 'openai',
  Heuristic = 'heuristic',
}

export interface MessageAnalysis {
  urgencyScore: number;
  category: Category;
  sentiment: Sentiment;
  keywords: string[];
  priorityLevel: PriorityLevel;
  isActionRequired: boolean;
  recommendedResponseTime: ResponseTime;
  // `und` when it could not be told.
  language: string;
  analyzer: AnalyzerKind;
  reasoning: string;
  // Seed-000 optimizer decision: whether the message deserves a proactive notice.
  shouldNotify: boolean;
  vipBoost: number;
  model: string | null;
}
