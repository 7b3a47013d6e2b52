import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { parseJsonBody } from 'src/common/http/http-body';
import { httpRequest } from 'src/common/http/http-request';
import { HttpFailure, HttpRequestError } from 'src/common/http/http-request.error';
import { AppConfig } from 'src/config/app-config';
import type { RoutingRequest } from 'src/routing/routing-request';
import type { AgentName } from 'src/core/routing-outcome';
import { AgentCallStatus } from 'src/core/agent-call-status';

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
      const response = await httpRequest({
        method: 'POST',
        url,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'idempotency-key': AgentServiceClient.idempotencyKey(request.messageId, agent),
          'x-request-id': requestId,
        },
        body: JSON.stringify(AgentServiceClient.requestBody(request)),
        timeoutMs,
        maxResponseBytes: AgentServiceClient.MAX_RESPONSE_BYTES,
      });
      const latencyMs = elapsed();
      // The raw text is parsed here, so a 2xx that is not JSON is still a success.
      const parsed = parseJsonBody(response.text);
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
      return { ...describeFailure(error), url: safeUrl, latencyMs: elapsed() };
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
): Pick<AgentCallResult, 'status' | 'httpStatus' | 'body' | 'error'> {
  if (!(error instanceof HttpRequestError)) {
    // Not expected (the client reports every failure as one), but this method never throws.
    const name = error instanceof Error ? error.name : 'unknown';
    return {
      status: AgentCallStatus.ConnectionError,
      httpStatus: null,
      body: null,
      error: `connection failed (${name})`,
    };
  }
  const failure = { httpStatus: error.httpStatus, body: null, error: error.message };
  switch (error.failure) {
    case HttpFailure.Timeout:
      return { ...failure, status: AgentCallStatus.Timeout };
    case HttpFailure.ResponseTooLarge:
      return { ...failure, status: AgentCallStatus.ResponseTooLarge };
    case HttpFailure.Connection:
      return { ...failure, status: AgentCallStatus.ConnectionError };
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
