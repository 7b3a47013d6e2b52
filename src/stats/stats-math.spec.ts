import { averageOf, countBy, nearestRank, sumOf } from 'src/stats/stats-math';

describe('stats-math', () => {
  describe(nearestRank.name, () => {
    it.each([
      [50, 1, 1],
      [95, 1, 1],
      [50, 4, 2],
      [50, 5, 3],
      [95, 5, 5],
      [95, 20, 19],
      [100, 20, 20],
      [0, 20, 1],
    ])('should rank p%p of %p values at %p', (percentile, count, rank) => {
      expect(nearestRank(percentile, count)).toBe(rank);
    });

    it('should answer null without data', () => {
      expect(nearestRank(50, 0)).toBeNull();
    });
  });

  describe(averageOf.name, () => {
    it('should round to the given decimals', () => {
      expect(averageOf(16, 3, 2)).toBe(5.33);
      expect(averageOf(181, 2, 0)).toBe(91);
    });

    it('should answer null when nothing was counted', () => {
      expect(averageOf(0, 0, 2)).toBeNull();
    });
  });

  describe(countBy.name, () => {
    it('should sum counts per key with the keys sorted', () => {
      const rows = [
        { key: 'b', n: 2 },
        { key: 'a', n: 1 },
        { key: 'b', n: 3 },
      ];

      const sut = countBy(
        rows,
        (r) => r.key,
        (r) => r.n,
      );

      expect(sut).toEqual({ a: 1, b: 5 });
      expect(Object.keys(sut)).toEqual(['a', 'b']);
      expect(sumOf(rows, (r) => r.n)).toBe(6);
    });
  });
});
