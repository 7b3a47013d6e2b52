/**
 * Whether `url` is an absolute http(s) URL whose origin (scheme, host and port) is one of
 * `allowed`. URLs that come from payloads are requested only when this holds.
 */
export function hasAllowedOrigin(url: unknown, allowed: readonly string[]): boolean {
  if (typeof url !== 'string') {
    return false;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return false;
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return false;
  }
  return allowed.some((origin) => {
    try {
      return new URL(origin).origin === parsed.origin;
    } catch {
      return false;
    }
  });
}
