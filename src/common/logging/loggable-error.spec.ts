import { QueryFailedError } from 'typeorm';
import { loggableError, unexpectedErrorDetails } from 'src/common/logging/loggable-error';

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

  describe('unexpectedErrorDetails', () => {
    function readBody(payload: { body: string | null }): string {
      return (payload.body as string).trim();
    }

    it('should keep the message and stack, and name the first frame of our code as the origin', () => {
      let thrown: unknown;
      try {
        readBody({ body: null });
      } catch (error) {
        thrown = error;
      }

      const sut = unexpectedErrorDetails(thrown);

      expect(sut).toMatchObject({ errorName: 'TypeError', errorCode: null });
      expect(sut.errorMessage).toContain("reading 'trim'");
      expect(sut.origin).toMatch(
        /^readBody \(src\/common\/logging\/loggable-error\.spec\.ts:\d+:\d+\)$/,
      );
      expect(sut.stack).toMatch(/^TypeError: .*trim.*\n\s+at readBody /);
    });

    it('should withhold the message of a database error, in the stack too', () => {
      const driverError = Object.assign(
        new Error("Duplicate entry '+905551234567' for key 'phone'"),
        { code: 'ER_DUP_ENTRY' },
      );
      const error = new QueryFailedError('INSERT …', ['+905551234567'], driverError);

      const sut = unexpectedErrorDetails(error);

      expect(sut.errorName).toBe('QueryFailedError');
      expect(sut.errorCode).toBe('ER_DUP_ENTRY');
      expect(JSON.stringify(sut)).not.toContain('905551234567');
      expect(sut.stack).toMatch(/^QueryFailedError: \[database error message withheld/);
    });

    it('should describe a thrown non-error by its value', () => {
      expect(unexpectedErrorDetails('boom')).toEqual({
        errorName: 'string',
        errorCode: null,
        errorMessage: 'boom',
        origin: null,
        stack: null,
      });
    });
  });
});
