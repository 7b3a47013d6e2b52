import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];
  const candidate = Array.isArray(given) ? given[0] : given;
  return candidate && SAFE_REQUEST_ID.test(candidate) ? candidate : randomUUID();
}
