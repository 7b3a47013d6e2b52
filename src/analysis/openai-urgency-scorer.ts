import { Injectable, Logger, Optional } from '@nestjs/common';
import { BrokenCircuitError, type CircuitBreakerPolicy, handleWhen, wrap } from 'cockatiel';
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import { InvalidScorerOutputError } from 'src/analysis/invalid-scorer-output.error';
import { parseScorerOutput, type ScorerOutput } from 'src/analysis/scorer-output';
import { ScorerRequest } from 'src/analysis/scorer-request';
import {
  type ScorerInput,
  type ScorerResult,
  type UrgencyScorer,
} from 'src/analysis/urgency-scorer';
import { ScorerFailure } from 'src/core/scorer-failure';
import { parseRetryAfter } from 'src/common/http/http-body';
import { httpFetch } from 'src/common/http/http-fetch';
import { consecutiveBreaker, retryPolicy } from 'src/common/resilience/retry-policy';
import { AppConfig } from 'src/config/app-config';
import { GatewayMetrics } from 'src/metrics/gateway-metrics';
import { OPENAI_DEPENDENCY } from 'src/metrics/metric-labels';

const BREAKER_CONSECUTIVE_FAILURES = 5;
const BREAKER_OPEN_MS = 30_000;
const BACKOFF_BASE_MS = 200;
// A `retry-after` longer than this is not worth holding a webhook for; the heuristic answers.
const MAX_BACKOFF_MS = 2_000;
// A structured triage answer is a few hundred bytes; anything near this is not one.
const MAX_RESPONSE_BYTES = 1024 * 1024;

// The one class that talks to OpenAI (or any OpenAI-compatible server at OPENAI_BASE_URL).
@Injectable()
export class OpenAiUrgencyScorer implements UrgencyScorer {
  private readonly logger = new Logger(OpenAiUrgencyScorer.name);
  private readonly client: OpenAI | null;
  private readonly model: string;
  private readonly request: ScorerRequest;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly policy: ReturnType<typeof buildPolicy>;

  constructor(
    config: AppConfig,
    @Optional() private readonly metrics?: GatewayMetrics,
  ) {
    const { apiKey, baseUrl, model, timeoutMs, maxRetries } = config.openai;
    this.model = model;
    this.request = new ScorerRequest(model);
    // The SDK's deadline is each attempt's (its signal ends the call, body included, through the
    // gateway's pool); retries belong to the policy below, so the SDK's own are off.
    this.client = apiKey
      ? new OpenAI({
          apiKey,
          baseURL: baseUrl ?? undefined,
          timeout: timeoutMs,
          maxRetries: 0,
          fetch: httpFetch(MAX_RESPONSE_BYTES),
        })
      : null;
    this.breaker = consecutiveBreaker(BREAKER_OPEN_MS, BREAKER_CONSECUTIVE_FAILURES);
    this.policy = buildPolicy(this.breaker, maxRetries);
    metrics?.watchCircuit(OPENAI_DEPENDENCY, () => this.breaker.state);
  }

  get isEnabled(): boolean {
    return this.client !== null;
  }

  async score(input: ScorerInput): Promise<ScorerResult> {
    const client = this.client;
    if (!client) {
      return { isSuccess: false, failure: ScorerFailure.Disabled };
    }
    try {
      const { output, model } = await this.policy.execute(() => this.complete(client, input));
      return { isSuccess: true, output, model };
    } catch (error) {
      const failure = failureOf(error);
      this.metrics?.openAiFailure(failure);
      this.logger.warn(`OpenAI scoring failed (${failure}); the heuristic result is used`);
      return { isSuccess: false, failure };
    }
  }

  private async complete(
    client: OpenAI,
    input: ScorerInput,
  ): Promise<{ output: ScorerOutput; model: string }> {
    const completion = await client.post<ChatCompletion>('/chat/completions', {
      body: this.request.bodyFor(input),
      headers: { 'content-type': 'application/json' },
    });
    const choice = completion.choices[0];
    if (!choice || choice.finish_reason === 'length' || choice.finish_reason === 'content_filter') {
      throw new InvalidScorerOutputError(`finish_reason ${choice?.finish_reason ?? 'missing'}`);
    }
    const output = parseScorerOutput(choice.message.content);
    if (!output) {
      throw new InvalidScorerOutputError('content does not match the schema');
    }
    const model =
      typeof completion.model === 'string' && completion.model ? completion.model : this.model;
    return { output, model };
  }
}

// The circuit breaker wraps the retries, so a call that failed after its retries counts once;
// retries cover 429, 5xx and connection errors. The deadline is the SDK's, per attempt; timeouts
// are not retried: the webhook is waiting.
function buildPolicy(breaker: CircuitBreakerPolicy, maxRetries: number) {
  const retries = retryPolicy(handleWhen(isRetryable), {
    maxAttempts: maxRetries + 1,
    backoff: { baseMs: BACKOFF_BASE_MS, maxMs: MAX_BACKOFF_MS },
    retryAfterMsOf: retryAfterMs,
  });
  return wrap(breaker, retries);
}

function isRetryable(error: Error): boolean {
  if (error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError) {
    return false;
  }
  if (error instanceof APIConnectionError) {
    return true;
  }
  if (error instanceof APIError && error.status !== undefined) {
    return error.status === 429 || error.status >= 500;
  }
  return false;
}

// OpenAI's own `retry-after-ms` first, then the standard `Retry-After`.
function retryAfterMs(error: unknown): number | null {
  const milliseconds = headerOf(error, 'retry-after-ms');
  if (
    milliseconds !== null &&
    milliseconds.trim() !== '' &&
    Number.isFinite(Number(milliseconds))
  ) {
    return Math.max(0, Number(milliseconds));
  }
  return parseRetryAfter(headerOf(error, 'retry-after'));
}

function headerOf(error: unknown, name: string): string | null {
  if (!(error instanceof APIError)) {
    return null;
  }
  // Typed as the DOM `Headers`, which this Node-only build does not declare.
  const headers: unknown = error.headers;
  if (typeof headers !== 'object' || headers === null || !('get' in headers)) {
    return null;
  }
  const get = (headers as { get: (key: string) => unknown }).get.bind(headers);
  const value = get(name);
  return typeof value === 'string' ? value : null;
}

function failureOf(error: unknown): ScorerFailure {
  if (error instanceof BrokenCircuitError) {
    return ScorerFailure.CircuitOpen;
  }
  if (error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError) {
    return ScorerFailure.Timeout;
  }
  if (error instanceof InvalidScorerOutputError) {
    return ScorerFailure.InvalidOutput;
  }
  if (error instanceof APIConnectionError) {
    return ScorerFailure.ConnectionError;
  }
  if (error instanceof APIError && error.status !== undefined) {
    if (error.status === 429) {
      return ScorerFailure.RateLimited;
    }
    return error.status >= 500 ? ScorerFailure.ServerError : ScorerFailure.Rejected;
  }
  return ScorerFailure.Unknown;
}
