import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from 'src/database/data-source-options';
import {
  containsCondition,
  containsPattern,
  registerSqliteSearchFold,
} from 'src/database/text-search';

describe(containsPattern.name, () => {
  it('should escape LIKE wildcards and the escape character itself', () => {
    expect(containsPattern('100% a_b!', false)).toBe('%100!% a!_b!!%');
  });

  it('should fold the text for SQLite before escaping it', () => {
    expect(containsPattern('İADE Şikayet', true)).toBe('%iade sikayet%');
  });

  it('should leave the text to the collation on MySQL', () => {
    expect(containsPattern('İADE', false)).toBe('%İADE%');
  });
});

// Through the options the app connects with, so a connection that misses the function fails here.
describe(registerSqliteSearchFold.name, () => {
  let dataSource: DataSource;

  const select = async <T>(sql: string, parameters: unknown[]): Promise<T> =>
    (await dataSource.query<T[]>(sql, parameters))[0];

  beforeAll(async () => {
    dataSource = new DataSource(
      buildDataSourceOptions({ kind: 'sqlite', path: ':memory:', isMigrationsRun: false }, 'mysql'),
    );
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it.each([
    ['İADE EDİN paramı', 'iade', true],
    ['Şikayetim var', 'SIKAYET', true],
    ['Rückerstattung', 'ruckerstattung', true],
    ['Ødelagt sykkel', 'odelagt', true],
    ['100 percent', '100%', false],
    ['Need 1000 units', '100%', false],
    ['a_b', 'a_b', true],
    ['axb', 'a_b', false],
  ])('should match %p with %p: %p', async (text, searched, isMatch) => {
    const sql = `SELECT ${containsCondition('?', 'pattern', true).replace(':pattern', '?')} AS hit`;

    const sut = await select<{ hit: number }>(sql, [text, containsPattern(searched, true)]);

    expect(sut.hit === 1).toBe(isMatch);
  });

  it('should pass NULL through', async () => {
    const sut = await select<{ folded: null }>('SELECT search_fold(NULL) AS folded', []);

    expect(sut.folded).toBeNull();
  });
});
