import { tokensOf, triageFeatures } from 'src/analysis/triage-features';

describe(tokensOf.name, () => {
  it('should fold case, diacritics and digits the same way for every language', () => {
    expect(tokensOf('ACİL DEĞİL! Sipariş #12345')).toEqual(['acil', 'degil', 'siparis', '00000']);
    expect(tokensOf('acil degil siparis 99999')).toEqual(['acil', 'degil', 'siparis', '00000']);
    expect(tokensOf('Überhitzt, Straße')).toEqual(['uberhitzt', 'strasse']);
    expect(tokensOf('Kortet er stjålet 😡')).toEqual(['kortet', 'er', 'stjalet', '😡']);
  });
});

describe(triageFeatures.name, () => {
  it('should prefix every feature, so no text can name an object member', () => {
    const features = triageFeatures('constructor __proto__ toString');

    expect(Object.keys(features).every((name) => /^[wbcx]:/.test(name))).toBe(true);
    expect(features['w:constructor']).toBeGreaterThan(0);
  });

  it('should give every message the same vector length', () => {
    const lengthOf = (text: string): number =>
      Math.sqrt(Object.values(triageFeatures(text)).reduce((sum, value) => sum + value ** 2, 0));

    expect(lengthOf('hi')).toBeCloseTo(1, 6);
    expect(
      lengthOf('a much longer message about a delivery that never arrived at all'),
    ).toBeCloseTo(1, 6);
  });

  it('should read words, word pairs, letter groups and the way it is written', () => {
    const features = triageFeatures('NOT URGENT!!');

    expect(Object.keys(features)).toEqual(
      expect.arrayContaining([
        'w:not',
        'b:not urgent',
        'c: ur',
        'c:gent ',
        'x:shouting',
        'x:insisting',
      ]),
    );
  });
});
