import { hasLoneSurrogate, toWellFormedJson } from 'src/common/text/unicode';

describe('unicode', () => {
  it('should tell lone surrogates from complete pairs', () => {
    expect(hasLoneSurrogate('ok 🚲 İzer')).toBe(false);
    expect(hasLoneSurrogate('broken \ud800 high')).toBe(true);
    expect(hasLoneSurrogate('broken \udc00 low')).toBe(true);
  });

  it('should replace lone surrogates anywhere in a JSON value and keep everything else', () => {
    const sut = toWellFormedJson({
      reply: 'a\ud800b 🚲',
      list: ['\udfff', 1, null],
      ['k\ud800']: true,
    });

    expect(sut).toEqual({ reply: 'a\ufffdb 🚲', list: ['\ufffd', 1, null], ['k\ufffd']: true });
  });
});
