import { normalizePhone } from 'src/common/text/phone';
import { toWellFormedJson } from 'src/common/text/unicode';
import { type Attachment, Handling } from 'src/core/inbound-message';
import {
  type UserlikeClickPayloadDto,
  UserlikeEventName,
  type UserlikeLocationPayloadDto,
  type UserlikeMediaPayloadDto,
  type UserlikeMessagePayloadDto,
  type UserlikePacketDto,
} from 'src/platforms/userlike/userlike.dto';

// What a Userlike event says the contact sent. Only `payload.body` and `payload.value.id` are
// confirmed by Userlike's docs; other fields are read when usable and never make a call fail.

const MAX_ID_LENGTH = 191;
export const MAX_NAME_LENGTH = 255;
const MAX_URL_LENGTH = 2048;
// Labels and captions: well under the 64 KB a text column holds.
const MAX_LABEL_LENGTH = 5000;
const MEDIA_KINDS = new Set(['image', 'video', 'audio']);

export interface UserlikeContent {
  text: string;
  attachments: Attachment[];
  handling: Handling;
}

export function contentOf(packet: UserlikePacketDto): UserlikeContent {
  switch (packet.name) {
    case UserlikeEventName.Start: {
      // On messaging channels the start may already carry the first message or an upload.
      const payload = packet.payload as UserlikeMediaPayloadDto | undefined;
      if (hasUpload(payload)) {
        return mediaOf(payload);
      }
      const body = payload?.body;
      return body !== undefined && body.trim() !== '' ? routed(body) : recorded();
    }
    case UserlikeEventName.Message:
      return routed((packet.payload as UserlikeMessagePayloadDto).body);
    case UserlikeEventName.Click: {
      // The label is what the contact saw and chose; the id is ours.
      const { value } = packet.payload as UserlikeClickPayloadDto;
      return routed(readText(value.label, MAX_LABEL_LENGTH) ?? value.id);
    }
    case UserlikeEventName.Media:
      return mediaOf(packet.payload as UserlikeMediaPayloadDto | undefined);
    case UserlikeEventName.Location:
      return locationOf(packet.payload as UserlikeLocationPayloadDto | undefined);
    case UserlikeEventName.ForwardFailed:
    case UserlikeEventName.CampaignUnsubscribe:
      return recorded();
  }
}

function routed(text: string, attachments: Attachment[] = []): UserlikeContent {
  return { text, attachments, handling: Handling.Route };
}

// Kept as conversation history only: nothing the contact wrote to analyse or route.
function recorded(): UserlikeContent {
  return { text: '', attachments: [], handling: Handling.RecordOnly };
}

function hasUpload(payload: UserlikeMediaPayloadDto | undefined): boolean {
  return (
    payload !== undefined &&
    [payload.url, payload.link, payload.name, payload.file_name, payload.mime_type].some(
      (value) => value !== undefined && value !== null,
    )
  );
}

function mediaOf(payload: UserlikeMediaPayloadDto | undefined): UserlikeContent {
  const url = readUrl(payload?.url) ?? readUrl(payload?.link);
  const name =
    readText(payload?.name, MAX_NAME_LENGTH) ?? readText(payload?.file_name, MAX_NAME_LENGTH);
  const mimeType = readMimeType(payload?.mime_type) ?? readMimeType(payload?.content_type);
  const caption =
    readText(payload?.caption, MAX_LABEL_LENGTH) ??
    (payload?.body !== undefined && payload.body.trim() !== '' ? payload.body : null);
  const major = mimeType?.split('/')[0] ?? '';
  const kind = MEDIA_KINDS.has(major) ? major : 'file';
  const attachment: Attachment = { type: kind };
  if (url) {
    attachment.url = url;
  }
  if (mimeType) {
    attachment.mimeType = mimeType;
  }
  if (caption ?? name) {
    attachment.caption = caption ?? name ?? undefined;
  }
  return routed(caption ?? `[${kind}${name ? `: ${name}` : ''}]`, [attachment]);
}

function locationOf(payload: UserlikeLocationPayloadDto | undefined): UserlikeContent {
  const latitude = readCoordinate(payload?.latitude, 90);
  const longitude = readCoordinate(payload?.longitude, 180);
  const hasPoint = latitude !== null && longitude !== null;
  const label = [
    readText(payload?.name, MAX_NAME_LENGTH),
    readText(payload?.address, MAX_NAME_LENGTH * 2),
  ]
    .filter((part): part is string => part !== null)
    .join(', ');
  const attachment: Attachment = { type: 'location' };
  if (hasPoint) {
    attachment.url = `geo:${latitude},${longitude}`;
  }
  if (label) {
    attachment.caption = label;
  }
  const where = [label, hasPoint ? `${latitude}, ${longitude}` : '']
    .filter((part) => part !== '')
    .join(', ');
  return routed(`[location${where ? `: ${where}` : ''}]`, [attachment]);
}

// Text from an unconfirmed field: one line, well-formed, bounded; `null` when not usable.
export function readText(value: unknown, maxChars: number): string | null {
  if (typeof value !== 'string') {
    return null;
  }
  const text = (toWellFormedJson(value) as string).replace(/\s+/g, ' ').trim();
  if (text === '') {
    return null;
  }
  return text.length <= maxChars ? text : Array.from(text).slice(0, maxChars).join('');
}

export function readId(value: unknown): string | null {
  const id = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  return typeof id === 'string' && /^\S+$/.test(id) && id.length <= MAX_ID_LENGTH ? id : null;
}

export function readEmail(value: unknown): string | null {
  return typeof value === 'string' &&
    /^[^\s@]+@[^\s@]+$/.test(value) &&
    value.length <= MAX_ID_LENGTH
    ? value
    : null;
}

// E.164 numbers have at most 15 digits.
export function readPhone(value: unknown): string | null {
  const phone = typeof value === 'string' ? normalizePhone(value) : null;
  return phone !== null && /^\+\d{6,15}$/.test(phone) ? phone : null;
}

function readUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) {
    return null;
  }
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? value : null;
  } catch {
    return null;
  }
}

function readMimeType(value: unknown): string | null {
  return typeof value === 'string' && /^[\w.+-]+\/[\w.+-]+$/.test(value) && value.length <= 127
    ? value.toLowerCase()
    : null;
}

function readCoordinate(value: unknown, limit: number): number | null {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && Math.abs(number) <= limit
    ? number
    : null;
}
