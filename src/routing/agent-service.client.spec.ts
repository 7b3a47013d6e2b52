import { Category, PriorityLevel, ResponseTime, Sentiment } from 'src/core/message-analysis';
import { AppConfig } from 'src/config/app-config';
import { Platform } from 'src/core/inbound-message';
import { AgentServiceClient } from 'src/routing/agent-service.client';
import { AgentCallStatus } from 'src/core/agent-call-status';
import type { RoutingRequest } from 'src/routing/routing-request';
import { AgentName } from 'src/core/routing-outcome';
import { buildInboundMessage } from 'test/factories/inbound-message.factory';
import { buildMessageAnalysis } from 'test/factories/message-analysis.factory';
import { StubHttpServer, useStubServer } from 'test/setup/stub-http-server';

const request: RoutingRequest = {
  messageId: 17,
  message: buildInboundMessage({
    platform: Platform.WhatsApp,
    externalId: 'wamid.1',
    conversationId: '905551234567',
    conversationName: 'VIP Customers',
    sender: { id: '905551234567', name: 'Ayşe', phone: '+905551234567' },
    text: 'Zincir koptu 🚲',
    sentAt: new Date('2025-01-01T12:00:00Z'),
    receivedAt: new Date('2025-01-01T12:00:01Z'),
  }),
  analysis: buildMessageAnalysis({
    urgencyScore: 8,
    category: Category.Technical,
    sentiment: Sentiment.Negative,
    keywords: ['zincir'],
    priorityLevel: PriorityLevel.High,
    isActionRequired: true,
    recommendedResponseTime: ResponseTime.OneHour,
    language: 'tr',
    reasoning: 'broken part',
    shouldNotify: true,
  }),
  history: [
    { sender: 'Ayşe', content: 'Merhaba', sentAt: new Date('2025-01-01T11:59:00Z'), type: 'text' },
    { sender: 'bot', content: 'Buyrun', sentAt: null, type: 'text' },
  ],
};

describe(AgentServiceClient.name, () => {
  const stub = useStubServer();

  // Long enough for a loopback answer on a busy machine; the timeout case sets a short one.
  function createSut(url = stub.url, timeoutMs = 3000): AgentServiceClient {
    const config = AppConfig.fromEnv({
      LOG_LEVEL: 'silent',
      AGENT_CODE_DEBUGGER_URL: url,
      AGENT_TIMEOUT_MS: String(timeoutMs),
    });
    return new AgentServiceClient(config);
  }

  it('should post the message in the seed-004 shape with idempotency key and request id', async () => {
    stub.respondWith(() => ({ status: 200, body: { reply: 'ok' } }));
    const sut = createSut();

    const result = await sut.process(AgentName.CodeDebugger, request, 'req-1');

    expect(result).toMatchObject({
      status: AgentCallStatus.Succeeded,
      url: `${stub.url}/process`,
      httpStatus: 200,
      body: { reply: 'ok' },
      error: null,
    });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    const [received] = stub.requests;
    expect(received.method).toBe('POST');
    expect(received.path).toBe('/process');
    expect(received.headers['idempotency-key']).toBe('msg-17-code_debugger');
    expect(received.headers['x-request-id']).toBe('req-1');
    expect(received.json).toEqual({
      message_id: 'wamid.1',
      database_id: 17,
      platform: 'whatsapp',
      conversation_id: '905551234567',
      sender: { id: '905551234567', name: 'Ayşe', phone: '+905551234567' },
      text: 'Zincir koptu 🚲',
      human_handover: false,
      history: [
        { sender: 'Ayşe', content: 'Merhaba', timestamp: '2025-01-01T11:59:00.000Z', type: 'text' },
        { sender: 'bot', content: 'Buyrun', timestamp: null, type: 'text' },
      ],
      analysis: {
        urgency_score: 8,
        category: 'technical',
        sentiment: 'negative',
        keywords: ['zincir'],
        priority_level: 'high',
        action_required: true,
        recommended_response_time: '1hour',
        language: 'tr',
        analyzer: 'heuristic',
      },
    });
  });

  it('should count a 2xx that is not JSON as success with an empty body', async () => {
    stub.respondWith(() => ({ status: 202, body: 'accepted' }));

    const result = await createSut().process(AgentName.CodeDebugger, request, 'req-1');

    expect(result).toMatchObject({ status: AgentCallStatus.Succeeded, httpStatus: 202, body: {} });
  });

  it('should report a non-2xx answer with its JSON body and never throw', async () => {
    stub.respondWith(() => ({ status: 500, body: { detail: 'boom' } }));

    const result = await createSut().process(AgentName.CodeDebugger, request, 'req-1');

    expect(result).toMatchObject({
      status: AgentCallStatus.HttpError,
      httpStatus: 500,
      body: { detail: 'boom' },
      error: 'HTTP 500',
    });
  });

  it('should report a timeout', async () => {
    stub.respondWith(() => ({ status: 200, body: {}, delayMs: 1000 }));

    const result = await createSut(stub.url, 200).process(AgentName.CodeDebugger, request, 'req-1');

    expect(result).toMatchObject({
      status: AgentCallStatus.Timeout,
      httpStatus: null,
      error: 'timed out after 200 ms',
    });
  });

  it('should report an answer bigger than the limit as a failure without keeping it', async () => {
    const big = 'x'.repeat(AgentServiceClient.MAX_RESPONSE_BYTES + 1);
    stub.respondWith(() => ({ status: 200, body: { reply: big } }));

    const result = await createSut().process(AgentName.CodeDebugger, request, 'req-1');

    expect(result).toMatchObject({
      status: AgentCallStatus.ResponseTooLarge,
      body: null,
      error: `response larger than ${AgentServiceClient.MAX_RESPONSE_BYTES} bytes`,
    });
  });

  it('should report a dropped connection', async () => {
    stub.respondWith(() => ({ isDropped: true }));

    const result = await createSut().process(AgentName.CodeDebugger, request, 'req-1');

    expect(result).toMatchObject({
      status: AgentCallStatus.ConnectionError,
      error: 'connection failed (ECONNRESET)',
    });
  });

  it('should report a refused connection', async () => {
    const closed = await StubHttpServer.start();
    const url = closed.url;
    await closed.stop();

    const result = await createSut(url).process(AgentName.CodeDebugger, request, 'req-1');

    expect(result).toMatchObject({
      status: AgentCallStatus.ConnectionError,
      error: 'connection failed (ECONNREFUSED)',
    });
  });

  it('should never put credentials of the agent URL in the reported URL', async () => {
    const sut = createSut(stub.url.replace('http://', 'http://user:s3cret@'));

    const result = await sut.process(AgentName.CodeDebugger, request, 'req-1');

    expect(result.url).toBe(`${stub.url}/process`);
    expect(sut.processUrl(AgentName.CodeDebugger)).toBe(`${stub.url}/process`);
    expect(stub.requests[0].headers.authorization).toBe(
      `Basic ${Buffer.from('user:s3cret').toString('base64')}`,
    );
  });
});
