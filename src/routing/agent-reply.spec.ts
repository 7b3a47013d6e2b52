import { extractReply, MAX_REPLY_CHARS } from 'src/routing/agent-reply';

describe('agent-reply', () => {
  describe(extractReply.name, () => {
    it('should return the reply string of an answer', () => {
      expect(extractReply({ reply: 'Merhaba 👋', other: 1 })).toBe('Merhaba 👋');
    });

    it.each([[{}], [null], ['reply'], [[]], [{ reply: 42 }], [{ reply: '   ' }]])(
      'should return null for %p',
      (body) => {
        expect(extractReply(body)).toBeNull();
      },
    );

    it('should cut a long reply without splitting a character', () => {
      const reply = '😀'.repeat(MAX_REPLY_CHARS + 10);

      const sut = extractReply({ reply });

      expect(sut).toBe('😀'.repeat(MAX_REPLY_CHARS));
    });
  });
});
