import { Injectable, Logger } from '@nestjs/common';
import { loggableError } from 'src/common/logging/loggable-error';
import { hasAllowedOrigin } from 'src/common/security/allowed-origin';
import { AppConfig } from 'src/config/app-config';
import { PlatformHttpClient } from 'src/replies/platform-http.client';
import { PlatformSendError } from 'src/replies/platform-send.error';

// The transcript is fetched inside the user's turn, before the message is even stored.
const MAX_TRANSCRIPT_TIMEOUT_MS = 3000;

/**
 * Kindly's Chat Transcript API. The URL comes from the webhook payload, so it is requested (with
 * the API key) only when its origin is one of `KINDLY_API_ORIGINS`, and redirects are never
 * followed: the key never goes anywhere else. Kindly has no API to send into a chat, so this is
 * not a `PlatformClient`.
 */
@Injectable()
export class KindlyClient {
  private readonly logger = new Logger(KindlyClient.name);

  constructor(
    private readonly http: PlatformHttpClient,
    private readonly config: AppConfig,
  ) {}

  /** The transcript's JSON, or `null` when it was not fetched or the fetch failed. */
  async fetchTranscript(url: string): Promise<unknown> {
    const { apiKey, apiOrigins } = this.config.kindly;
    if (!hasAllowedOrigin(url, apiOrigins)) {
      this.logger.warn(
        { target: describeOrigin(url) },
        'transcript URL is not in KINDLY_API_ORIGINS: not fetched',
      );
      return null;
    }
    if (!apiKey) {
      this.logger.debug('KINDLY_API_KEY is not set: transcript not fetched');
      return null;
    }
    try {
      const response = await this.http.request({
        method: 'GET',
        // The parsed form is what was checked, so it is what gets requested.
        url: new URL(url).href,
        headers: { authorization: `Bearer ${apiKey}` },
        timeoutMs: Math.min(this.config.outbound.timeoutMs, MAX_TRANSCRIPT_TIMEOUT_MS),
      });
      return response.body;
    } catch (error) {
      // The message is processed with the history it has; a 3xx lands here too.
      this.logger.warn(
        error instanceof PlatformSendError
          ? { reason: error.message, httpStatus: error.details.httpStatus }
          : loggableError(error),
        'transcript fetch failed',
      );
      return null;
    }
  }
}

// Scheme, host and port only: paths and queries can hold tokens, and userinfo credentials.
function describeOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : parsed.protocol;
  } catch {
    return 'invalid URL';
  }
}
