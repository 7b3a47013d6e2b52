import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, UnsecuredJWT } from 'jose';

export interface KoreBotkitPayload {
  requestId?: string;
  botId?: string;
  componentId?: string;
  sendUserMessageUrl?: string;
  sendBotMessageUrl?: string;
  baseUrl?: string;
  channel?: Record<string, unknown>;
  message?: string;
  context?: Record<string, unknown>;
  [key: string]: unknown;
}

export const KORE_FIXTURE_BOT_ID = 'st-3f2a9c1e-7b44-5d10-9a8e-0c6d5e4b3a21';

// The anonymised `on_user_message` payload of platforms/fixtures.
export function koreBotkitFixture(): KoreBotkitPayload {
  return JSON.parse(
    readFileSync(join(__dirname, '..', 'fixtures', 'kore', 'botkit-on-user-message.json'), 'utf8'),
  ) as KoreBotkitPayload;
}

/**
 * A BotKit payload as Kore posts it, with its send URLs on `origin` (Kore's API host, or a
 * stand-in for it) and a fresh request and user id.
 */
export function buildKoreBotkitPayload(
  origin: string,
  overrides: Partial<KoreBotkitPayload> = {},
): KoreBotkitPayload {
  const requestId = overrides.requestId ?? String(Date.now()) + randomUUID().slice(0, 8);
  const userId = `u-${randomUUID()}`;
  const botId = overrides.botId ?? KORE_FIXTURE_BOT_ID;
  const stream = `${origin}/api/botsdk/stream/${botId}`;
  return {
    ...koreBotkitFixture(),
    requestId,
    botId,
    sendUserMessageUrl: `${stream}/sendUserMessage/${requestId}`,
    sendBotMessageUrl: `${stream}/sendBotMessage/${requestId}`,
    baseUrl: stream,
    channel: { type: 'rtm', from: userId },
    context: { session: { UserContext: { _id: userId }, BotUserSession: {} } },
    ...overrides,
  };
}

/** The `token` header Kore's BotKit channel sends: HS256 over `{appId}`. */
export function signBotkitToken(
  secret: string,
  claims: Record<string, unknown>,
  algorithm: 'HS256' | 'HS512' = 'HS256',
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));
}

/** The same claims with `alg: none` and no signature. */
export function unsignedBotkitToken(claims: Record<string, unknown>): string {
  return new UnsecuredJWT(claims).encode();
}
