import { hasLoneSurrogate } from 'src/common/text/unicode';
import {
  canonicalJson,
  contextWithTriage,
  splitMessageBody,
} from 'src/platforms/userlike/userlike-events';

const triage = {
  urgency_score: 9,
  category: 'technical',
  priority_level: 'critical',
  sentiment: 'urgent',
  message_id: 123,
};

describe('userlike events', () => {
  describe(splitMessageBody.name, () => {
    it('should keep a short text whole and drop a blank one', () => {
      expect(splitMessageBody('Hello')).toEqual(['Hello']);
      expect(splitMessageBody('x'.repeat(5000))).toEqual(['x'.repeat(5000)]);
      expect(splitMessageBody(' \n ')).toEqual([]);
    });

    it('should break after white space near the limit and give the text back when joined', () => {
      const text = `${'a'.repeat(4990)} ${'b'.repeat(20)}`;

      const parts = splitMessageBody(text);

      expect(parts).toEqual([`${'a'.repeat(4990)} `, 'b'.repeat(20)]);
    });

    it('should never cut a surrogate pair in two', () => {
      const text = `${'a'.repeat(4999)}${'🚲'.repeat(10)}`;

      const parts = splitMessageBody(text);

      expect(parts.join('')).toBe(text);
      expect(parts[0]).toBe('a'.repeat(4999));
      expect(parts.every((part) => part.length <= 5000 && !hasLoneSurrogate(part))).toBe(true);
    });
  });

  describe(contextWithTriage.name, () => {
    it('should keep the foreign keys and replace an older triage', () => {
      expect(contextWithTriage({ state: 'menu', triage: { message_id: 1 } }, triage)).toEqual({
        state: 'menu',
        triage,
      });
      expect(contextWithTriage(undefined, triage)).toEqual({ triage });
    });

    it('should drop the largest foreign keys until the context fits in 10 KB', () => {
      const incoming = {
        state: 'await_order_id',
        history: 'h'.repeat(6000),
        cart: 'c'.repeat(5000),
        lang: 'tr',
      };

      const context = contextWithTriage(incoming, triage);

      expect(context).toEqual({
        state: 'await_order_id',
        cart: 'c'.repeat(5000),
        lang: 'tr',
        triage,
      });
      expect(Buffer.byteLength(JSON.stringify(context))).toBeLessThanOrEqual(10240);
    });

    it('should count bytes, not characters', () => {
      const incoming = { note: 'ğ'.repeat(5100), state: 'x' };

      const context = contextWithTriage(incoming, triage);

      expect(context).toEqual({ state: 'x', triage });
    });

    it('should keep exactly 10240 bytes and drop beyond', () => {
      const base = Buffer.byteLength(JSON.stringify({ pad: '', triage }));
      const fits = { pad: 'p'.repeat(10240 - base) };
      const over = { pad: 'p'.repeat(10241 - base) };

      expect(contextWithTriage(fits, triage)).toEqual({ ...fits, triage });
      expect(contextWithTriage(over, triage)).toEqual({ triage });
    });
  });

  describe(canonicalJson.name, () => {
    it('should sort keys at every level and leave arrays in order', () => {
      expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
        '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
      );
      expect(canonicalJson(undefined)).toBe('null');
    });
  });
});
