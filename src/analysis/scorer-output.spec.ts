import { Category, Sentiment } from 'src/core/message-analysis';
import { parseScorerOutput, SCORER_JSON_SCHEMA } from 'src/analysis/scorer-output';

const VALID = {
  urgency_score: 8,
  category: 'support',
  sentiment: 'urgent',
  keywords: ['brakes', ' failed '],
  action_required: true,
  language: 'EN',
  reasoning: 'Brakes failed while riding.',
};

function parse(overrides: Record<string, unknown>): ReturnType<typeof parseScorerOutput> {
  return parseScorerOutput(JSON.stringify({ ...VALID, ...overrides }));
}

describe(parseScorerOutput.name, () => {
  const sut = parseScorerOutput;

  it('should accept output that matches the schema and normalise it', () => {
    expect(sut(JSON.stringify(VALID))).toEqual({
      urgencyScore: 8,
      category: Category.Support,
      sentiment: Sentiment.Urgent,
      keywords: ['brakes', 'failed'],
      isActionRequired: true,
      language: 'en',
      reasoning: 'Brakes failed while riding.',
    });
  });

  it('should reject content that is not a JSON object', () => {
    expect(sut(null)).toBeNull();
    expect(sut('')).toBeNull();
    expect(sut('definitely not json')).toBeNull();
    expect(sut('[1, 2]')).toBeNull();
    expect(sut('"urgent"')).toBeNull();
  });

  it('should reject values outside the enums and ranges', () => {
    expect(parse({ category: 'billing' })).toBeNull();
    expect(parse({ sentiment: 'angry' })).toBeNull();
    expect(parse({ urgency_score: 11 })).toBeNull();
    expect(parse({ urgency_score: 0 })).toBeNull();
    expect(parse({ urgency_score: 7.5 })).toBeNull();
  });

  it('should reject wrong types and missing fields', () => {
    expect(parse({ urgency_score: '8' })).toBeNull();
    expect(parse({ action_required: 'yes' })).toBeNull();
    expect(parse({ keywords: 'brakes' })).toBeNull();
    expect(parse({ keywords: ['brakes', 3] })).toBeNull();
    expect(parse({ reasoning: undefined })).toBeNull();
    expect(parse({ language: null })).toBeNull();
  });

  it('should bound keywords and reasoning and mark odd languages undetermined', () => {
    const output = parse({
      keywords: Array.from({ length: 20 }, (_, index) => `k${index}`),
      reasoning: 'x'.repeat(2000),
      language: 'english',
    });

    expect(output?.keywords).toHaveLength(10);
    expect(output?.reasoning).toHaveLength(500);
    expect(output?.language).toBe('und');
  });

  it('should send a strict schema listing every enum value', () => {
    expect(SCORER_JSON_SCHEMA.additionalProperties).toBe(false);
    expect(SCORER_JSON_SCHEMA.required).toHaveLength(7);
    expect(SCORER_JSON_SCHEMA.properties.category.enum).toEqual(Object.values(Category));
    expect(SCORER_JSON_SCHEMA.properties.sentiment.enum).toEqual(Object.values(Sentiment));
  });
});
