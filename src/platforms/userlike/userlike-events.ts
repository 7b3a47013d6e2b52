import type { UserlikeEvent } from 'src/platforms/userlike/userlike.response';

// Userlike refuses longer `message` bodies.
export const MAX_MESSAGE_CHARS = 5000;
// Userlike keeps at most 10 KB of context.
export const MAX_CONTEXT_BYTES = 10240;
// A break at white space is looked for in this last share of a part.
const BREAK_SEARCH_SHARE = 0.2;

export interface UserlikeTriage {
  urgency_score: number | null;
  category: string | null;
  priority_level: string | null;
  sentiment: string | null;
  message_id: number;
}

export function messageEvents(
  cid: string,
  text: string,
  context?: Record<string, unknown>,
): UserlikeEvent[] {
  return splitMessageBody(text).map((body) => event(cid, 'message', { body }, context));
}

/**
 * The hand-over to a human: `forward_group` to the configured group, else `forward_any`. With
 * `on_failure: "feedback"`: without it a failed forward silently ends the bot's session; with it
 * Userlike sends `forward_failed` and the bot can apologise.
 */
export function forwardEvent(
  cid: string,
  group: string | null,
  context?: Record<string, unknown>,
): UserlikeEvent {
  if (group === null) {
    return event(cid, 'forward_any', { on_failure: 'feedback' }, context);
  }
  // Userlike's group ids are numbers; the payload field's name is not confirmed by its docs.
  const groupId =
    /^\d+$/.test(group) && Number.isSafeInteger(Number(group)) ? Number(group) : group;
  return event(cid, 'forward_group', { group_id: groupId, on_failure: 'feedback' }, context);
}

export function event(
  cid: string,
  name: string,
  payload: Record<string, unknown>,
  context?: Record<string, unknown>,
): UserlikeEvent {
  return { info: context ? { cid, context } : { cid }, packet: { name, payload } };
}

/**
 * Cuts a text into parts of at most `maxChars` UTF-16 units (never inside a surrogate pair),
 * preferring to break after white space; the parts joined give the text back. Blank text gives
 * no part.
 */
export function splitMessageBody(text: string, maxChars = MAX_MESSAGE_CHARS): string[] {
  if (text.trim() === '') {
    return [];
  }
  const parts: string[] = [];
  let start = 0;
  while (text.length - start > maxChars) {
    let end = start + maxChars;
    if (isHighSurrogate(text.charCodeAt(end - 1))) {
      end--;
    }
    const earliest = end - Math.floor(maxChars * BREAK_SEARCH_SHARE);
    for (let i = end; i > earliest && i > start + 1; i--) {
      if (/\s/.test(text[i - 1])) {
        end = i;
        break;
      }
    }
    parts.push(text.slice(start, end));
    start = end;
  }
  parts.push(text.slice(start));
  return parts.filter((part) => part.trim() !== '');
}

/**
 * The context to answer with: what Userlike sent (its last context) plus our triage. Userlike
 * keeps at most 10 KB, so the largest foreign keys are dropped until it fits; the triage always
 * stays, so the answer never carries `{}` (which Userlike would ignore).
 */
export function contextWithTriage(
  incoming: Record<string, unknown> | undefined,
  triage: UserlikeTriage,
  maxBytes = MAX_CONTEXT_BYTES,
): Record<string, unknown> {
  const entries = Object.entries(incoming ?? {})
    .filter(([key, value]) => key !== 'triage' && value !== undefined)
    .map(([key, value], index) => ({ key, value, index, bytes: entryBytes(key, value) }));
  const triageBytes = entryBytes('triage', triage);
  // `{}` plus one comma between entries.
  let total = 2 + triageBytes + entries.reduce((sum, entry) => sum + entry.bytes + 1, 0);
  const kept = new Set(entries);
  for (const entry of [...entries].sort((a, b) => b.bytes - a.bytes || b.index - a.index)) {
    if (total <= maxBytes) {
      break;
    }
    kept.delete(entry);
    total -= entry.bytes + 1;
  }
  const context: Record<string, unknown> = Object.fromEntries(
    entries.filter((entry) => kept.has(entry)).map(({ key, value }) => [key, value]),
  );
  context.triage = triage;
  return byteLength(JSON.stringify(context)) <= maxBytes ? context : { triage };
}

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

function entryBytes(key: string, value: unknown): number {
  return byteLength(JSON.stringify(key)) + 1 + byteLength(JSON.stringify(value) ?? 'null');
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
