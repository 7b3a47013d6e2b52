import { Category } from 'src/core/message-analysis';
import { TriageModel } from 'src/analysis/triage-model';
import { trainTriageModel } from 'src/analysis/triage-training';
import { TINY_CORPUS } from 'test/factories/triage-model.factory';

describe(trainTriageModel.name, () => {
  it('should learn its corpus and answer the same after a round trip through JSON', () => {
    const sut = trainTriageModel(TINY_CORPUS);
    const reloaded = TriageModel.fromJson(JSON.parse(JSON.stringify(sut.toJson())) as never);

    const scored = TINY_CORPUS.filter((row) => row.category !== null);
    const agreed = scored.filter((row) => sut.predict(row.text).category === row.category);
    expect(agreed.length).toBe(scored.length);
    for (const row of TINY_CORPUS) {
      expect(reloaded.predict(row.text)).toEqual(sut.predict(row.text));
    }
    expect(sut.version).toMatch(/^triage-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$/);
  });

  it('should let corrections teach a word the corpus never had', () => {
    const text = 'the flux capacitor of my hoverboard needs recalibration';
    const before = trainTriageModel(TINY_CORPUS).predict(text).category;
    const sut = trainTriageModel(TINY_CORPUS, [
      { ...TINY_CORPUS[0], text, category: Category.Technical },
    ]);

    expect(before).not.toBe(Category.Technical);
    expect(sut.predict(text).category).toBe(Category.Technical);
    expect(sut.toJson().trainedOn).toMatchObject({ messages: TINY_CORPUS.length, corrections: 1 });
  });

  it('should refuse a file that is not a model', () => {
    expect(() => TriageModel.fromJson({ format: 2 } as never)).toThrow('not a triage model file');
  });
});
