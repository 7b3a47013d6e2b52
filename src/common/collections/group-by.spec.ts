import { groupBy } from 'src/common/collections/group-by';

describe('groupBy', () => {
  it('should keep the keys in first-seen order and each group in the items order', () => {
    const lines = ['b1', 'a1', 'b2', 'c1', 'a2', 'b3'];

    const groups = groupBy(lines, (line) => line[0]);

    expect([...groups]).toEqual([
      ['b', ['b1', 'b2', 'b3']],
      ['a', ['a1', 'a2']],
      ['c', ['c1']],
    ]);
  });

  it('should give an empty map for no items', () => {
    expect(groupBy([], (item: number) => item).size).toBe(0);
  });
});
