const MAX_RETRY_AFTER_MS = 10 * 60 * 1000;

/** The one reader of answer bodies: parsed JSON, or `null` when it is empty or not JSON. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') {
    return null;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * `Retry-After` as seconds (fractions too: OpenAI-compatible servers send them) or an HTTP date,
 * in milliseconds; `null` when absent or unreadable.
 */
export function parseRetryAfter(value: unknown, now = Date.now()): number | null {
  if (typeof value !== 'string' || value.trim() === '') {
    return null;
  }
  const trimmed = value.trim();
  const milliseconds = /^\d+(\.\d+)?$/.test(trimmed)
    ? Number(trimmed) * 1000
    : Date.parse(trimmed) - now;
  if (!Number.isFinite(milliseconds)) {
    return null;
  }
  return Math.min(Math.max(milliseconds, 0), MAX_RETRY_AFTER_MS);
}
