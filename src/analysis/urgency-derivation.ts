import { PriorityLevel, ResponseTime } from 'src/core/message-analysis';

export const MIN_URGENCY = 1;
export const MAX_URGENCY = 10;

const PRIORITY_RANK: Readonly<Record<PriorityLevel, number>> = {
  [PriorityLevel.Low]: 0,
  [PriorityLevel.Normal]: 1,
  [PriorityLevel.High]: 2,
  [PriorityLevel.Critical]: 3,
};

export interface UrgencyDerivation {
  priorityLevel: PriorityLevel;
  recommendedResponseTime: ResponseTime;
}

// The one mapping from an urgency score to priority and response time, used by every analyzer
// so that a 7 means the same thing whoever scored it.
export function deriveFromUrgency(urgencyScore: number): UrgencyDerivation {
  const priorityLevel = priorityFor(urgencyScore);
  return { priorityLevel, recommendedResponseTime: responseTimeFor(priorityLevel) };
}

export function priorityFor(urgencyScore: number): PriorityLevel {
  const urgency = clampUrgency(urgencyScore);
  if (urgency >= 9) {
    return PriorityLevel.Critical;
  }
  if (urgency >= 7) {
    return PriorityLevel.High;
  }
  if (urgency >= 4) {
    return PriorityLevel.Normal;
  }
  return PriorityLevel.Low;
}

const PRIORITY_BANDS: Readonly<Record<PriorityLevel, readonly [number, number]>> = {
  [PriorityLevel.Critical]: [9, 10],
  [PriorityLevel.High]: [7, 8],
  [PriorityLevel.Normal]: [4, 6],
  [PriorityLevel.Low]: [1, 3],
};

// The score nearest to `score` that `priorityFor` reads as `priority`: how an urgency moves when
// someone sets the priority by hand.
export function scoreWithin(priority: PriorityLevel, score: number): number {
  const [low, high] = PRIORITY_BANDS[priority];
  return Math.min(high, Math.max(low, clampUrgency(score)));
}

export function responseTimeFor(priority: PriorityLevel): ResponseTime {
  switch (priority) {
    case PriorityLevel.Critical:
      return ResponseTime.Immediate;
    case PriorityLevel.High:
      return ResponseTime.OneHour;
    case PriorityLevel.Normal:
      return ResponseTime.FourHours;
    case PriorityLevel.Low:
      return ResponseTime.OneDay;
  }
}

export function higherPriority(a: PriorityLevel, b: PriorityLevel): PriorityLevel {
  return PRIORITY_RANK[a] >= PRIORITY_RANK[b] ? a : b;
}

export function clampUrgency(score: number): number {
  if (!Number.isFinite(score)) {
    return MIN_URGENCY;
  }
  return Math.min(MAX_URGENCY, Math.max(MIN_URGENCY, Math.round(score)));
}
