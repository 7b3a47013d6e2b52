import { PriorityLevel, ResponseTime } from 'src/core/message-analysis';
import { clampUrgency, deriveFromUrgency, higherPriority } from 'src/analysis/urgency-derivation';

describe(deriveFromUrgency.name, () => {
  const sut = deriveFromUrgency;

  it.each([
    [10, PriorityLevel.Critical, ResponseTime.Immediate],
    [9, PriorityLevel.Critical, ResponseTime.Immediate],
    [8, PriorityLevel.High, ResponseTime.OneHour],
    [7, PriorityLevel.High, ResponseTime.OneHour],
    [6, PriorityLevel.Normal, ResponseTime.FourHours],
    [4, PriorityLevel.Normal, ResponseTime.FourHours],
    [3, PriorityLevel.Low, ResponseTime.OneDay],
    [1, PriorityLevel.Low, ResponseTime.OneDay],
  ])('should map urgency %i to %s and %s', (urgency, priority, responseTime) => {
    expect(sut(urgency)).toEqual({
      priorityLevel: priority,
      recommendedResponseTime: responseTime,
    });
  });

  it('should clamp and round scores outside 1 to 10', () => {
    expect(clampUrgency(42)).toBe(10);
    expect(clampUrgency(-3)).toBe(1);
    expect(clampUrgency(6.6)).toBe(7);
    expect(clampUrgency(Number.NaN)).toBe(1);
  });

  it('should pick the higher of two priorities', () => {
    expect(higherPriority(PriorityLevel.Low, PriorityLevel.High)).toBe(PriorityLevel.High);
    expect(higherPriority(PriorityLevel.Critical, PriorityLevel.Normal)).toBe(
      PriorityLevel.Critical,
    );
  });
});
