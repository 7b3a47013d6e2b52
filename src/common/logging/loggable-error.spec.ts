import { QueryFailedError } from 'typeorm';
import { loggableError } from 'src/common/logging/loggable-error';

describe('loggableError', () => {
  it('should keep the class and driver code of a query error but none of its parameters', () => {
    const driverError = Object.assign(new Error("Data too long for column 'text'"), {
      code: 'ER_DATA_TOO_LONG',
    });
    const error = new QueryFailedError('INSERT INTO x VALUES (?)', ['+905551234567'], driverError);

    const sut = loggableError(error);

    expect(sut).toEqual({ errorName: 'QueryFailedError', errorCode: 'ER_DATA_TOO_LONG' });
    expect(JSON.stringify(sut)).not.toContain('905551234567');
  });

  it('should describe a thrown non-error by its type', () => {
    expect(loggableError('boom')).toEqual({ errorName: 'string', errorCode: null });
  });
});
