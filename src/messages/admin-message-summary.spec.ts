import { openUrgentOf, previewOf } from 'src/messages/admin-message-summary';

describe(previewOf.name, () => {
  it('should keep a short text as one line', () => {
    expect(previewOf('  Merhaba,\n\nbisikletim   ne zaman gelir?  ', null)).toBe(
      'Merhaba, bisikletim ne zaman gelir?',
    );
  });

  it('should cut a long text to 160 characters ending with an ellipsis', () => {
    const sut = previewOf('a'.repeat(200), null);

    expect(sut).toBe(`${'a'.repeat(159)}…`);
  });

  it('should never cut an emoji in half', () => {
    const sut = previewOf(`${'x'.repeat(158)}🚲🚲🚲`, null);

    expect(sut).toBe(`${'x'.repeat(158)}🚲…`);
    expect(Array.from(sut)).toHaveLength(160);
  });

  it('should keep a text of exactly 160 characters whole', () => {
    expect(previewOf('b'.repeat(160), null)).toBe('b'.repeat(160));
  });

  it('should name the attachments of a message without text', () => {
    expect(previewOf('', [{ type: 'image' }, { type: 'location' }])).toBe('[image] [location]');
    expect(previewOf(' ', null)).toBe('');
  });
});

describe(openUrgentOf.name, () => {
  it('should answer zero for a priority with no row', () => {
    expect(openUrgentOf([{ priorityLevel: 'high', count: 3 }])).toEqual({ critical: 0, high: 3 });
  });
});
