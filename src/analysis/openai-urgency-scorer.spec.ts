import { Category, Sentiment } from 'src/core/message-analysis';
import { OpenAiUrgencyScorer } from 'src/analysis/openai-urgency-scorer';
import { ScorerFailure } from 'src/core/scorer-failure';
import { AppConfig } from 'src/config/app-config';
import { useStubServer, type StubResponse } from 'test/setup/stub-http-server';

const OUTPUT = {
  urgency_score: 8,
  category: 'technical',
  sentiment: 'negative',
  keywords: ['chain'],
  action_required: true,
  language: 'en',
  reasoning: 'a broken part',
};

const completion = (content: string): StubResponse => ({
  status: 200,
  body: {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [
      { index: 0, finish_reason: 'stop', message: { role: 'assistant', content, refusal: null } },
    ],
  },
});

const failure = (status: number, headers: Record<string, string> = {}): StubResponse => ({
  status,
  body: { error: { message: 'no', type: 'server_error' } },
  headers,
});

// Against a stand-in OpenAI-compatible server (OPENAI_BASE_URL) on loopback.
describe(OpenAiUrgencyScorer.name, () => {
  const stub = useStubServer({ isLoggerSilent: true });
  let answers: StubResponse[];

  const createSut = (maxRetries = 2): OpenAiUrgencyScorer =>
    new OpenAiUrgencyScorer(
      AppConfig.fromEnv({
        LOG_LEVEL: 'silent',
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: stub.url,
        OPENAI_MAX_RETRIES: String(maxRetries),
      }),
    );
  const input = { message: 'My chain broke', history: [] };

  beforeEach(() => {
    answers = [];
    stub.respondWith(() => answers.shift() ?? completion(JSON.stringify(OUTPUT)));
  });

  it('should retry a 429 and a 5xx and return the output the model gave', async () => {
    answers = [failure(429, { 'retry-after-ms': '5' }), failure(503, { 'retry-after': '0' })];

    const result = await createSut().score(input);

    expect(result).toEqual({
      isSuccess: true,
      model: 'gpt-4o-mini-2024-07-18',
      output: {
        urgencyScore: 8,
        category: Category.Technical,
        sentiment: Sentiment.Negative,
        keywords: ['chain'],
        isActionRequired: true,
        language: 'en',
        reasoning: 'a broken part',
      },
    });
    expect(stub.requests.map((request) => request.path)).toEqual([
      '/chat/completions',
      '/chat/completions',
      '/chat/completions',
    ]);
  });

  it('should send the message as JSON bytes with its length, Turkish letters and emoji intact', async () => {
    const message = 'Siparişim gelmedi, İzer 🚲';

    await createSut().score({ message, history: ['Derya: Dün sipariş verdim'] });

    expect(stub.requests).toHaveLength(1);
    const [request] = stub.requests;
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.authorization).toBe('Bearer sk-test');
    expect(Number(request.headers['content-length'])).toBe(Buffer.byteLength(request.body));
    expect(request.json).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system' },
        {
          role: 'user',
          content: JSON.stringify({ message, history: ['Derya: Dün sipariş verdim'] }),
        },
      ],
    });
  });

  it('should give up after OPENAI_MAX_RETRIES retries and say why', async () => {
    answers = [failure(429, { 'retry-after-ms': '1' }), failure(429, { 'retry-after-ms': '1' })];

    const result = await createSut(1).score(input);

    expect(result).toEqual({ isSuccess: false, failure: ScorerFailure.RateLimited });
    expect(stub.requests).toHaveLength(2);
  });

  it('should not retry a refusal or an output off the schema', async () => {
    answers = [failure(400), completion('{"urgency_score": 11}')];
    const sut = createSut();

    expect(await sut.score(input)).toEqual({ isSuccess: false, failure: ScorerFailure.Rejected });
    expect(await sut.score(input)).toEqual({
      isSuccess: false,
      failure: ScorerFailure.InvalidOutput,
    });
    expect(stub.requests).toHaveLength(2);
  });

  it('should stop calling after five failed scorings in a row', async () => {
    stub.respondWith(() => failure(400));
    const sut = createSut();
    for (let i = 0; i < 5; i++) {
      await sut.score(input);
    }

    const result = await sut.score(input);

    expect(result).toEqual({ isSuccess: false, failure: ScorerFailure.CircuitOpen });
    expect(stub.requests).toHaveLength(5);
  });
});
