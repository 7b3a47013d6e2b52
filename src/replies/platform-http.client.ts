import { HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import type { AxiosResponse } from 'axios';
import { firstValueFrom } from 'rxjs';
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
const MAX_RETRY_AFTER_MS = 10 * 60 * 1000;

/**
 * The one way platform clients talk HTTP to platform APIs: a deadline on the whole call, no
 * redirects followed (a redirect could carry a token elsewhere), bounded answers, and failures as
 * `PlatformSendError` with whether a retry makes sense and the platform's `Retry-After`.
 */
@Injectable()
export class PlatformHttpClient {
  constructor(
    private readonly http: HttpService,
    private readonly config: AppConfig,
  ) {}

  async request(request: PlatformHttpRequest): Promise<PlatformHttpResponse> {
    const timeoutMs = request.timeoutMs ?? this.config.outbound.timeoutMs;
    const signal = AbortSignal.timeout(timeoutMs);
    const target = describeTarget(request.url);
    let response: AxiosResponse<string>;
    try {
      response = await firstValueFrom(
        this.http.request<string>({
          method: request.method,
          url: request.url,
          headers: {
            accept: 'application/json',
            ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...request.headers,
          },
          data: request.body === undefined ? undefined : JSON.stringify(request.body),
          timeout: timeoutMs,
          signal,
          maxRedirects: 0,
          maxContentLength: MAX_RESPONSE_BYTES,
          responseType: 'text',
          transformResponse: (data: unknown) => data,
          validateStatus: () => true,
          transitional: { clarifyTimeoutError: true },
        }),
      );
    } catch (error) {
      const code = errorCode(error);
      const reason =
        signal.aborted || code === 'ETIMEDOUT' || code === 'ECONNABORTED'
          ? `timed out after ${timeoutMs} ms`
          : `connection failed (${code ?? 'unknown'})`;
      throw new PlatformSendError(`${request.method} ${target}: ${reason}`, {
        httpStatus: null,
        isRetryable: true,
      });
    }
    const body = parseJson(response.data);
    if (response.status >= 200 && response.status < 300) {
      return { status: response.status, body };
    }
    throw new PlatformSendError(
      `${request.method} ${target}: HTTP ${response.status}${describeError(body)}`,
      {
        httpStatus: response.status,
        isRetryable: response.status === 429 || response.status >= 500,
        retryAfterMs: parseRetryAfter(response.headers['retry-after'] as unknown),
      },
    );
  }
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds; `null` when absent or unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | null {
  if (typeof value !== 'string' || value.trim() === '') {
    return null;
  }
  const trimmed = value.trim();
  const milliseconds = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  if (!Number.isFinite(milliseconds)) {
    return null;
  }
  return Math.min(Math.max(milliseconds, 0), MAX_RETRY_AFTER_MS);
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

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    return typeof error.code === 'string' ? error.code : undefined;
  }
  return undefined;
}

function parseJson(data: unknown): unknown {
  if (typeof data !== 'string' || data.trim() === '') {
    return null;
  }
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return null;
  }
}
