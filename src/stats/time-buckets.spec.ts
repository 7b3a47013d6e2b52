import { bucketOf, bucketStarts } from 'src/stats/time-buckets';

describe('time-buckets', () => {
  describe(bucketOf.name, () => {
    it.each([
      [0, 3600, 0],
      [3599, 3600, 0],
      [3600, 3600, 3600],
      [1741600799, 86400, 1741564800],
    ])('should put second %p of %p-second buckets at %p', (seconds, size, start) => {
      expect(bucketOf(seconds, size)).toBe(start);
    });
  });

  describe(bucketStarts.name, () => {
    it('should list every bucket from the one holding since to the one holding now', () => {
      const sut = bucketStarts(
        new Date('2025-03-10T10:20:00.000Z'),
        new Date('2025-03-10T12:05:00.000Z'),
        3600,
      );

      expect(sut.map((start) => new Date(start * 1000).toISOString())).toEqual([
        '2025-03-10T10:00:00.000Z',
        '2025-03-10T11:00:00.000Z',
        '2025-03-10T12:00:00.000Z',
      ]);
    });

    it('should reach a bucket after now when a row was stored there', () => {
      const now = new Date('2025-03-10T12:05:00.000Z');
      const later = Date.parse('2025-03-10T14:00:00.000Z') / 1000;

      expect(bucketStarts(now, now, 3600, [later])).toHaveLength(3);
    });
  });
});
