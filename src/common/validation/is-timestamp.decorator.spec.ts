import { validateSync } from 'class-validator';
import { IsTimestamp } from 'src/common/validation/is-timestamp.decorator';

class Sample {
  @IsTimestamp()
  at: unknown;
}

function isValid(at: unknown): boolean {
  const sample = new Sample();
  sample.at = at;
  return validateSync(sample).length === 0;
}

describe('IsTimestamp', () => {
  it.each([
    '2025-03-03T11:10:00Z',
    '2025-03-03T11:10:00.123+03:00',
    '2024-02-29T23:59:59Z',
    '2025-03-03T11:10Z',
  ])('should accept %s', (at) => {
    expect(isValid(at)).toBe(true);
  });

  it.each([
    '2025-02-30T10:00:00Z',
    '2025-02-29T10:00:00Z',
    '2025-13-01T10:00:00Z',
    '2025-03-03T24:00:00Z',
    '2025-03-03T11:60:00Z',
    '2009-W01-1',
    '2009-123',
    '20240101T120000Z',
    '2025-03-03',
    'yesterday',
    12,
  ])('should refuse %p', (at) => {
    expect(isValid(at)).toBe(false);
  });
});
