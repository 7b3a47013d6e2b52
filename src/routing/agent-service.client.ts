import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { HttpTimeoutError, ResponseTooLargeError, postJson } from 'src/common/http/http-post';
import { AppConfig } from 'src/config/app-config';
import type { RoutingRequest } from 'src/routing/routing-request';
import type { AgentName } from 'src/routing/routing-outcome';

export enum AgentCallStatus {
  Succeeded = 'succeeded',
  HttpError = 'http_error',
  ConnectionError = 'connection_error',
  Timeout = 'timeout',
  ResponseTooLarge = 'response_too_large',
}

export interface AgentCallResult {
  status: AgentCallStatus;
  // Without any credentials it may carry.
  url: string;
  httpStatus: number | null;
  latencyMs: number;
  // On success a body that is not a JSON object or array becomes `{}`; on failure it is `null`
  // unless the agent sent JSON.
  body: unknown;
  // In our own words: never the agent's body or a credential.
  error: string | null;
}

// The only class that talks HTTP to the agent services. It reports failures, never throws them.
@Injectable()
export class AgentServiceClient {
  // Bodies above this are dropped: they would bloat `agent_routing` and the webhook answer.
  static readonly MAX_RESPONSE_BYTES = 256 * 1024;

  constructor(private readonly config: AppConfig) {}

  // Credentials are stripped, so the URL is fit for rows and logs.
  processUrl(agent: AgentName): string {
    return withoutCredentials(this.rawProcessUrl(agent));
  }

  // Stable per message and agent, so a retry or a replay is recognisable to the agent.
  static idempotencyKey(messageId: number, agent: AgentName): string {
    return `msg-${messageId}-${agent}`;
  }

  async process(
    agent: AgentName,
    request: RoutingRequest,
    requestId: string,
  ): Promise<AgentCallResult> {
    const url = this.rawProcessUrl(agent);
    const safeUrl = withoutCredentials(url);
    const timeoutMs = this.config.agents.timeoutMs;
    const startedAt = performance.now();
    const elapsed = (): number => Math.round(performance.now() - startedAt);
    try {
      const response = await postJson(
        url,
        JSON.stringify(AgentServiceClient.requestBody(request)),
        {
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'idempotency-key': AgentServiceClient.idempotencyKey(request.messageId, agent),
            'x-request-id': requestId,
          },
          timeoutMs,
          maxResponseBytes: AgentServiceClient.MAX_RESPONSE_BYTES,
        },
      );
      const latencyMs = elapsed();
      // The raw text is parsed here, so a 2xx that is not JSON is still a success.
      const parsed = parseJson(response.text);
      const json = typeof parsed === 'object' && parsed !== null ? parsed : null;
      if (response.status >= 200 && response.status < 300) {
        return {
          status: AgentCallStatus.Succeeded,
          url: safeUrl,
          httpStatus: response.status,
          latencyMs,
          body: json ?? {},
          error: null,
        };
      }
      return {
        status: AgentCallStatus.HttpError,
        url: safeUrl,
        httpStatus: response.status,
        latencyMs,
        body: json,
        error: `HTTP ${response.status}`,
      };
    } catch (error) {
      return { ...describeFailure(error, timeoutMs), url: safeUrl, latencyMs: elapsed() };
    }
  }

  private rawProcessUrl(agent: AgentName): string {
    return `${this.config.agents.urls[agent].replace(/\/+$/, '')}/process`;
  }

  // The seed-004 wire shape agents expect (snake_case).
  static requestBody(request: RoutingRequest): Record<string, unknown> {
    const { message, analysis } = request;
    return {
      message_id: message.externalId,
      database_id: request.messageId,
      platform: message.platform,
      conversation_id: message.conversationId,
      sender: { id: message.sender.id, name: message.sender.name, phone: message.sender.phone },
      text: message.text,
      human_handover: request.isHumanHandoverRequested === true,
      history: request.history.map((line) => ({
        sender: line.sender,
        content: line.content,
        timestamp: line.sentAt ? line.sentAt.toISOString() : null,
        type: line.type,
      })),
      analysis: {
        urgency_score: analysis.urgencyScore,
        category: analysis.category,
        sentiment: analysis.sentiment,
        keywords: analysis.keywords,
        priority_level: analysis.priorityLevel,
        action_required: analysis.isActionRequired,
        recommended_response_time: analysis.recommendedResponseTime,
        language: analysis.language,
        analyzer: analysis.analyzer,
      },
    };
  }
}

function describeFailure(
  error: unknown,
  timeoutMs: number,
): Pick<AgentCallResult, 'status' | 'httpStatus' | 'body' | 'error'> {
  const failure = { httpStatus: null, body: null };
  const code = errorCode(error);
  if (error instanceof HttpTimeoutError || code === 'ETIMEDOUT' || code === 'ECONNABORTED') {
    return {
      ...failure,
      status: AgentCallStatus.Timeout,
      error: `timed out after ${timeoutMs} ms`,
    };
  }
  if (error instanceof ResponseTooLargeError) {
    return {
      ...failure,
      status: AgentCallStatus.ResponseTooLarge,
      httpStatus: error.status,
      error: `response larger than ${AgentServiceClient.MAX_RESPONSE_BYTES} bytes`,
    };
  }
  return {
    ...failure,
    status: AgentCallStatus.ConnectionError,
    error: `connection failed (${code ?? (error instanceof Error ? error.name : 'unknown')})`,
  };
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    return typeof error.code === 'string' ? error.code : undefined;
  }
  return undefined;
}

function parseJson(data: unknown): unknown {
  if (typeof data !== 'string' || data.trim() === '') {
    return undefined;
  }
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}

function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}
