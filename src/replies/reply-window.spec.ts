import { needsTemplate, type ReplyWindowFacts } from 'src/replies/reply-window';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const NOW = new Date('2025-03-03T12:00:00.000Z');
const ago = (ms: number): Date => new Date(NOW.getTime() - ms);

describe(needsTemplate.name, () => {
  const whatsapp = (lastInboundAt: Date | null): ReplyWindowFacts => ({
    windowMs: DAY_MS,
    lastInboundAt,
    now: NOW,
  });

  it.each<[string, Date | null, boolean]>([
    ['the user wrote a minute ago', ago(60_000), false],
    ['the user wrote exactly 24 hours ago', ago(DAY_MS), false],
    ['the user wrote 24 hours and 1 ms ago', ago(DAY_MS + 1), true],
    ['the user wrote a week ago', ago(7 * DAY_MS), true],
    ['the user never wrote', null, true],
  ])('should decide free text when %s: needs a template = %s', (_case, lastInboundAt, expected) => {
    expect(needsTemplate(false, whatsapp(lastInboundAt))).toBe(expected);
  });

  it.each<[string, Date | null]>([
    ['inside the window', ago(HOUR_MS)],
    ['outside the window', ago(2 * DAY_MS)],
    ['to a user who never wrote', null],
  ])('should let a template go %s', (_case, lastInboundAt) => {
    expect(needsTemplate(true, whatsapp(lastInboundAt))).toBe(false);
  });

  it('should let free text go on a platform without a window, whenever the user wrote', () => {
    expect(needsTemplate(false, { windowMs: undefined, lastInboundAt: null, now: NOW })).toBe(
      false,
    );
    expect(
      needsTemplate(false, { windowMs: undefined, lastInboundAt: ago(30 * DAY_MS), now: NOW }),
    ).toBe(false);
  });
});
