import { replyLanguageOf } from 'src/common/text/reply-language';

describe('replyLanguageOf', () => {
  it.each([
    ['tr', 'tr'],
    ['TR', 'tr'],
    [' de-AT ', 'de'],
    ['no', 'no'],
    ['nb_NO', 'no'],
    ['nn', 'no'],
    ['en-GB', 'en'],
    ['fr', 'en'],
    ['', 'en'],
    ['unknown', 'en'],
  ])('should write in the language of "%s" as %s', (language, expected) => {
    expect(replyLanguageOf(language)).toBe(expected);
  });
});
