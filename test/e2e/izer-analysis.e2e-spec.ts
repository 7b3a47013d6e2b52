import { TriageModel } from 'src/analysis/triage-model';
import { chatCompletion } from 'test/factories/openai-completion.factory';
import { buildIzerPayload, seedIzerPayload } from 'test/factories/izer-payload.factory';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestApp } from 'test/setup/test-app';
import { TestDatabase, testDatabaseKinds, truncateAll } from 'test/setup/test-database';

interface WebhookAnswer {
  analysis: {
    urgency_score: number;
    category: string;
    sentiment: string;
    priority_level: string;
    recommended_response_time: string;
  };
  routing: { success: boolean; agent: string };
}

interface AnalysisRow {
  analyzer: string;
  model: string | null;
  urgency_score: number;
  reasoning: string;
}

const MODEL_SAYS_SUPPORT = {
  urgency_score: 6,
  category: 'support',
  sentiment: 'negative',
  keywords: ['bicycle', 'delivery'],
  action_required: true,
  language: 'tr',
  reasoning: 'Customer asks about a late delivery.',
};

describe.each(testDatabaseKinds())('analysis through POST /webhook on %s', (kind) => {
  let database: TestDatabase;
  let openai: StubHttpServer;
  let agents: StubHttpServer;
  let sut: TestApp;

  const post = async (payload: object): Promise<WebhookAnswer> => {
    const response = await sut.post('/webhook', payload);
    expect(response.status).toBe(200);
    return (await response.json()) as WebhookAnswer;
  };
  const storedAnalysis = async (): Promise<AnalysisRow> => {
    const rows = await sut.dataSource.query<AnalysisRow[]>(
      'SELECT analyzer, model, urgency_score, reasoning FROM analytics_results',
    );
    expect(rows).toHaveLength(1);
    return rows[0];
  };

  beforeAll(async () => {
    openai = await StubHttpServer.start();
    agents = await StubHttpServer.start();
    database = await TestDatabase.create(kind);
    sut = await TestApp.start(database, {
      OPENAI_API_KEY: 'sk-test-key',
      OPENAI_BASE_URL: `${openai.url}/v1`,
      OPENAI_TIMEOUT_MS: '300',
      OPENAI_MAX_RETRIES: '1',
      AGENT_GENERAL_PURPOSE_URL: agents.url,
      AGENT_BUSINESS_WORKFLOW_URL: agents.url,
      AGENT_CODE_DEBUGGER_URL: agents.url,
      AGENT_HUB_URL: agents.url,
    });
  });

  beforeEach(async () => {
    await truncateAll(sut.dataSource);
    openai.reset();
    agents.reset();
  });

  afterAll(async () => {
    await sut?.close();
    await database?.drop();
    await openai?.stop();
    await agents?.stop();
  });

  it("should use the model's structured answer and record it as openai", async () => {
    openai.respondWith(() => chatCompletion(MODEL_SAYS_SUPPORT));
    const payload = seedIzerPayload();

    const answer = await post(payload);

    expect(answer.analysis).toMatchObject({
      urgency_score: 6,
      category: 'support',
      sentiment: 'negative',
      priority_level: 'normal',
      recommended_response_time: '4hours',
    });
    expect(await storedAnalysis()).toMatchObject({ analyzer: 'openai', model: 'gpt-4o-mini' });
    expect(openai.requests).toHaveLength(1);
    const request = openai.requests[0];
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer sk-test-key');
    // The message travels as data inside the user turn, never in the instructions.
    const { messages } = request.json as { messages: { role: string; content: string }[] };
    const system = messages.find((m) => m.role === 'system')?.content ?? '';
    const user = messages.find((m) => m.role === 'user')?.content ?? '';
    expect(system).not.toContain(payload.current_message);
    expect(user).toContain(payload.current_message);
  });

  it('should not let the model talk a critical message down', async () => {
    openai.respondWith(() =>
      chatCompletion({ ...MODEL_SAYS_SUPPORT, urgency_score: 1, sentiment: 'neutral' }),
    );

    const answer = await post(
      buildIzerPayload({
        current_message: 'URGENT: there is a fire in the shop, the e-bike battery exploded!',
      }),
    );

    expect(answer.analysis.urgency_score).toBeGreaterThanOrEqual(9);
    expect(answer.analysis.priority_level).toBe('critical');
    expect(answer.analysis.recommended_response_time).toBe('immediate');
    expect(openai.requests).toHaveLength(1);
    expect(await storedAnalysis()).toMatchObject({ analyzer: 'openai' });
  });

  // Runs last: these failures open the OpenAI circuit breaker.
  it.each([
    ['times out', 'timeout', () => ({ ...chatCompletion(MODEL_SAYS_SUPPORT), delayMs: 1000 })],
    ['answers 500', 'server error', () => ({ status: 500, body: { error: { message: 'boom' } } })],
    [
      'answers 429',
      'rate limited (429)',
      () => ({
        status: 429,
        body: { error: { message: 'slow down' } },
        headers: { 'retry-after': '0' },
      }),
    ],
    ['answers garbage', 'invalid output', () => chatCompletion('this is not json')],
    [
      'answers outside the enums',
      'invalid output',
      () => chatCompletion({ ...MODEL_SAYS_SUPPORT, category: 'weather' }),
    ],
  ])('should fall back to the offline analyzer when OpenAI %s', async (_case, reason, answer) => {
    openai.respondWith(answer);

    const reply = await post(seedIzerPayload());

    expect(openai.requests.length).toBeGreaterThanOrEqual(1);
    // "When will my bike arrive?" before the promised date: support, routine (TRIAGE.md 3).
    expect(reply.analysis).toMatchObject({
      category: 'support',
      sentiment: 'neutral',
      priority_level: 'normal',
      recommended_response_time: '4hours',
    });
    const stored = await storedAnalysis();
    expect(stored.analyzer).toBe('heuristic');
    expect(stored.model).toBe(TriageModel.shipped().version);
    expect(stored.reasoning).toContain(`openai unavailable: ${reason}`);
  });

  it('should stop calling a failing OpenAI once its circuit breaker is open', async () => {
    openai.respondWith(() => ({ status: 500, body: {} }));
    // The cases above left five failures in a row: the breaker is open now.

    await post(buildIzerPayload());

    expect(openai.requests).toHaveLength(0);
    expect((await storedAnalysis()).reasoning).toContain('openai unavailable: circuit open');
  });
});
