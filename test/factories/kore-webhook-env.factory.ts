import { koreAuthClaims } from 'test/setup/kore-auth';

// The Kore.ai settings the seed 000 webhook suites run with.
export const KORE_WEBHOOK_TOKEN = 'kore-webhook-token';
export const KORE_BOT_ID = 'st-3f2a9c1e-7b44-5d10-9a8e-0c6d5e4b3a21';
export const KORE_CLIENT_ID = 'cs-9b1d2e3f-4a5b-5c6d-8e7f-0a1b2c3d4e5f';
export const KORE_CLIENT_SECRET = 'kore-client-secret';
export const KORE_NOTIFY_PATH = `/api/public/bot/${KORE_BOT_ID}/notify`;
export const KORE_AUTHORIZED = { authorization: `Bearer ${KORE_WEBHOOK_TOKEN}` };

export interface KoreAnswer {
  text: string;
  response: { text: string; type: string };
  context: {
    score: number | null;
    should_notify: boolean;
    urgency_score: number | null;
    priority_level: string | null;
    category: string | null;
    message_id: string;
    database_id: number;
    duplicate?: boolean;
  };
  expectUserResponse: boolean;
}

export interface KoreOutboundRow {
  kind: string;
  status: string;
  recipient: string;
  text: string;
  external_id: string | null;
  attempts: number | string;
  last_error: string | null;
}

// The webhook token and the bot's app credentials, with Kore's API at `apiHost`.
export function koreEnv(apiHost: string): Record<string, string> {
  return {
    KORE_WEBHOOK_TOKEN,
    KORE_API_HOST: apiHost,
    KORE_BOT_ID,
    KORE_CLIENT_ID,
    KORE_CLIENT_SECRET,
  };
}

/** Checks the `auth` JWT the gateway signed for Kore's API, and that nothing else is sent. */
export async function expectKoreAuth(
  headers: Record<string, unknown>,
  subject: string,
): Promise<void> {
  const claims = await koreAuthClaims(headers, KORE_CLIENT_SECRET);
  expect(claims).toMatchObject({ appId: KORE_CLIENT_ID, sub: subject });
  expect(headers.authorization).toBeUndefined();
}
