import { DataSource } from 'typeorm';
import {
  isConnectionError,
  isDatabaseError,
  isRetryableTransactionError,
  isUniqueViolation,
} from 'src/common/errors/database-errors';
import { errorCodeOf } from 'src/common/errors/error-code';

// Real errors from a real (in-memory SQLite) database through TypeORM, as the repositories see them.
describe('database errors', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
    }).initialize();
    await dataSource.query('CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT UNIQUE)');
    await dataSource.query(`INSERT INTO t (id, k) VALUES (1, 'a')`);
  });

  afterAll(() => dataSource.destroy());

  async function failureOf(sql: string): Promise<unknown> {
    try {
      await dataSource.query(sql);
    } catch (error) {
      return error;
    }
    throw new Error(`${sql} did not fail`);
  }

  it('should read a unique violation from its code', async () => {
    const error = await failureOf(`INSERT INTO t (id, k) VALUES (2, 'a')`);

    expect(errorCodeOf(error)).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect(isUniqueViolation(error)).toBe(true);
    expect(isDatabaseError(error)).toBe(true);
    expect(isConnectionError(error)).toBe(false);
    expect(isRetryableTransactionError(error)).toBe(false);
  });

  it('should take a syntax error for a database error and nothing else', async () => {
    const error = await failureOf('SELEC 1');

    expect(isDatabaseError(error)).toBe(true);
    expect(isUniqueViolation(error)).toBe(false);
    expect(isConnectionError(error)).toBe(false);
  });

  it.each([
    [{ code: 'ER_DUP_ENTRY', sqlMessage: "Duplicate entry 'a'" }, true, false, false],
    [{ code: 'ER_LOCK_DEADLOCK', sql: 'UPDATE t SET k = ?' }, false, true, false],
    [{ code: 'PROTOCOL_CONNECTION_LOST' }, false, false, true],
    [{ code: 'ECONNREFUSED' }, false, false, true],
  ])(
    'should classify the MySQL driver error %j (unique %s, retryable %s, connection %s)',
    (fields, isUnique, isRetryable, isConnection) => {
      const error = Object.assign(new Error('driver error'), fields);

      expect(isUniqueViolation(error)).toBe(isUnique);
      expect(isRetryableTransactionError(error)).toBe(isRetryable);
      expect(isConnectionError(error)).toBe(isConnection);
    },
  );

  it('should not take an HTTP failure for a database error', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED',
    });

    expect(isDatabaseError(error)).toBe(false);
    expect(isDatabaseError('ER_DUP_ENTRY')).toBe(false);
  });
});
