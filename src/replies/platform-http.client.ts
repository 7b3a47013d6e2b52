import { Injectable } from '@nestjs/common';
import { parseJsonBody, parseRetryAfter } from 'src/common/http/http-body';
import { type HttpAnswer, httpRequest } from 'src/common/http/http-request';
import { HttpFailure, HttpRequestError } from 'src/common/http/http-request.error';
import { AppConfig } from 'src/config/app-config';
import { PlatformSendError } from 'src/replies/platform-send.error';

export interface PlatformHttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** Defaults to `OUTBOUND_TIMEOUT_MS`. */
  timeoutMs?: number;
}

export interface PlatformHttpResponse {
  status: number;
  /** Parsed JSON, or `null` when the answer was empty or not JSON. */
  body: unknown;
}

const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * How platform clients talk to platform APIs, through the one HTTP client (deadline, no
 * redirects, bounded answers): failures become `PlatformSendError` with whether a retry makes
 * sense and the platform's `Retry-After`.
 */
@Injectable()
export class PlatformHttpClient {
  constructor(private readonly config: AppConfig) {}

  async request(request: PlatformHttpRequest): Promise<PlatformHttpResponse> {
    const target = `${request.method} ${describeTarget(request.url)}`;
    let response: HttpAnswer;
    try {
      response = await httpRequest({
        method: request.method,
        url: request.url,
        headers: {
          accept: 'application/json',
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...request.headers,
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        timeoutMs: request.timeoutMs ?? this.config.outbound.timeoutMs,
        maxResponseBytes: MAX_RESPONSE_BYTES,
      });
    } catch (error) {
      throw sendErrorOf(target, error);
    }
    const body = parseJsonBody(response.text);
    if (response.status >= 200 && response.status < 300) {
      return { status: response.status, body };
    }
    throw new PlatformSendError(`${target}: HTTP ${response.status}${describeError(body)}`, {
      httpStatus: response.status,
      isRetryable: response.status === 429 || response.status >= 500,
      retryAfterMs: parseRetryAfter(response.headers['retry-after']),
    });
  }
}

function sendErrorOf(target: string, error: unknown): PlatformSendError {
  if (!(error instanceof HttpRequestError)) {
    return new PlatformSendError(`${target}: connection failed (unknown)`, {
      httpStatus: null,
      isRetryable: true,
    });
  }
  switch (error.failure) {
    case HttpFailure.Timeout:
    case HttpFailure.Connection:
      return new PlatformSendError(`${target}: ${error.message}`, {
        httpStatus: null,
        isRetryable: true,
      });
    case HttpFailure.ResponseTooLarge:
      // The platform did answer (perhaps having sent the message): another attempt could send twice.
      return new PlatformSendError(`${target}: ${error.message}`, {
        httpStatus: error.httpStatus,
        isRetryable: false,
      });
  }
}

// Origin and path only: query strings can hold tokens.
function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'invalid URL';
  }
}

// Platforms explain refusals in their body (WhatsApp `error.message`, Kore `errors[].msg`); a
// short, single-line excerpt of those fields helps admins and holds no message text.
function describeError(body: unknown): string {
  if (typeof body !== 'object' || body === null) {
    return '';
  }
  const record = body as Record<string, unknown>;
  const error = record.error as Record<string, unknown> | undefined;
  const errors = Array.isArray(record.errors) ? (record.errors as unknown[]) : [];
  const first = errors[0] as Record<string, unknown> | undefined;
  const candidates = [error?.message, error?.code, first?.msg, record.message];
  const text = candidates.find((value) => typeof value === 'string' || typeof value === 'number');
  return text === undefined ? '' : ` (${String(text).replace(/\s+/g, ' ').slice(0, 200)})`;
}
