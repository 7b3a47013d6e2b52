import { parseJsonBody, parseRetryAfter } from 'src/common/http/http-body';

describe('parseJsonBody', () => {
  it('should parse JSON and give null for an empty, blank or broken body', () => {
    expect(parseJsonBody('{"reply":"ok","n":[1]}')).toEqual({ reply: 'ok', n: [1] });
    expect(parseJsonBody('"text"')).toBe('text');
    expect(parseJsonBody('')).toBeNull();
    expect(parseJsonBody('  \n')).toBeNull();
    expect(parseJsonBody('{"reply":')).toBeNull();
    expect(parseJsonBody('<html>502 Bad Gateway</html>')).toBeNull();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-03-03T11:00:00Z');

  it('should read seconds and HTTP dates as milliseconds from now', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('Mon, 03 Mar 2025 11:00:30 GMT', now)).toBe(30_000);
  });

  it('should give null when absent or unreadable, 0 for a past date, and cap at ten minutes', () => {
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter(['7'], now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('Mon, 03 Mar 2025 10:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('86400', now)).toBe(600_000);
  });
});
