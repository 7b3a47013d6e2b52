import { randomUUID } from 'node:crypto';
import { buildIzerPayload } from 'test/factories/izer-payload.factory';
import {
  buildKindlyPayload,
  KINDLY_ALGORITHM_HEADER,
  signKindlyBody,
} from 'test/factories/kindly-payload.factory';
import {
  buildKoreBotkitPayload,
  KORE_FIXTURE_BOT_ID,
  signBotkitToken,
} from 'test/factories/kore-botkit-payload.factory';
import { buildKoreWebhookEvent } from 'test/factories/kore-webhook-event.factory';
import {
  buildUserlikeMessage,
  buildUserlikeWebhook,
} from 'test/factories/userlike-webhook.factory';
import {
  buildWhatsappPayload,
  buildWhatsappStatusPayload,
  signWhatsapp,
} from 'test/factories/whatsapp-payload.factory';

// Every credential the gateway can be given, so that every route checks one.
export const SECRETS = {
  admin: 'admin-token-for-hostile-tests-0123',
  izer: 'izer-token-7f3a',
  whatsappApp: 'wa-app-secret-91c2',
  whatsappVerify: 'wa-verify-token-55d0',
  userlikeHeader: 'API-SECURITY-TOKEN',
  userlike: 'ul-hook-secret-0b7e',
  kindly: 'kindly-hmac-secret-4e21',
  koreWebhook: 'kore-webhook-token-a19f',
  koreClientId: 'cs-5e1d7c2b-0a9f-5b3e-8d4c-6f7a8b9c0d1e',
  koreClientSecret: 'kore-client-secret-2c8e',
} as const;

/** The settings that make every route demand credentials; `apiOrigin` stands in for Kore/Kindly. */
export function credentialedEnv(apiOrigin: string): Record<string, string> {
  return {
    ADMIN_API_TOKEN: SECRETS.admin,
    IZER_WEBHOOK_TOKEN: SECRETS.izer,
    WHATSAPP_APP_SECRET: SECRETS.whatsappApp,
    WHATSAPP_VERIFY_TOKEN: SECRETS.whatsappVerify,
    USERLIKE_WEBHOOK_TOKEN: SECRETS.userlike,
    USERLIKE_API_URL: `${apiOrigin}/userlike`,
    USERLIKE_API_TOKEN: 'ul-api-token-hostile',
    KINDLY_WEBHOOK_SECRET: SECRETS.kindly,
    KINDLY_API_ORIGINS: apiOrigin,
    KORE_WEBHOOK_TOKEN: SECRETS.koreWebhook,
    KORE_CLIENT_ID: SECRETS.koreClientId,
    KORE_CLIENT_SECRET: SECRETS.koreClientSecret,
    KORE_BOT_ID: KORE_FIXTURE_BOT_ID,
    KORE_API_HOST: apiOrigin,
    ALLOW_UNSIGNED_WEBHOOKS: 'false',
  };
}

export type Method = 'GET' | 'POST' | 'DELETE';

export interface RouteCase {
  name: string;
  method: Method;
  path: string;
  /** A fresh, valid body; absent for routes without one. */
  body?: () => unknown;
  /** The right credentials for exactly these body bytes. */
  credentials: (body: Buffer) => Promise<Record<string, string>>;
  /** What a refused request must not have added to (`SELECT COUNT(*)` statements). */
  writes: string[];
}

const bearer = (token: string) => (): Promise<Record<string, string>> =>
  Promise.resolve({ authorization: `Bearer ${token}` });

const MESSAGE_WRITES = [
  'SELECT COUNT(*) AS count FROM webhook_messages',
  'SELECT COUNT(*) AS count FROM message_history',
];
const ADMIN_WRITES = [
  'SELECT COUNT(*) AS count FROM important_customers',
  'SELECT COUNT(*) AS count FROM critical_groups',
  "SELECT COUNT(*) AS count FROM outbound_messages WHERE kind = 'proactive'",
];

/** Every POST route that takes a body, with a valid body and its credentials. */
export function bodyRoutes(apiOrigin: string): RouteCase[] {
  const botkitPath = `/webhooks/kore/botkit/sdk/bots/${KORE_FIXTURE_BOT_ID}/on_user_message`;
  return [
    {
      name: 'POST /webhook',
      method: 'POST',
      path: '/webhook',
      body: () => buildIzerPayload(),
      credentials: bearer(SECRETS.izer),
      writes: MESSAGE_WRITES,
    },
    {
      name: 'POST /webhooks/whatsapp',
      method: 'POST',
      path: '/webhooks/whatsapp',
      body: () =>
        buildWhatsappPayload([{ body: 'Merhaba, siparişim nerede?', name: 'Derya' }], {
          statuses: [{ id: `wamid.${randomUUID()}`, status: 'delivered' }],
        }),
      credentials: (body) =>
        Promise.resolve({ 'x-hub-signature-256': signWhatsapp(body, SECRETS.whatsappApp) }),
      writes: MESSAGE_WRITES,
    },
    {
      name: 'POST /webhooks/whatsapp (statuses)',
      method: 'POST',
      path: '/webhooks/whatsapp',
      body: () => buildWhatsappStatusPayload([{ id: `wamid.${randomUUID()}`, status: 'read' }]),
      credentials: (body) =>
        Promise.resolve({ 'x-hub-signature-256': signWhatsapp(body, SECRETS.whatsappApp) }),
      writes: MESSAGE_WRITES,
    },
    {
      name: 'POST /webhooks/userlike (message)',
      method: 'POST',
      path: '/webhooks/userlike',
      body: () => buildUserlikeMessage('Where is my order?', { context: { step: 2 } }),
      credentials: () => Promise.resolve({ [SECRETS.userlikeHeader]: SECRETS.userlike }),
      writes: MESSAGE_WRITES,
    },
    {
      name: 'POST /webhooks/userlike (media)',
      method: 'POST',
      path: '/webhooks/userlike',
      body: () =>
        buildUserlikeWebhook({
          name: 'media',
          payload: { body: 'photo', url: 'https://example.org/a.jpg', mime_type: 'image/jpeg' },
        }),
      credentials: () => Promise.resolve({ [SECRETS.userlikeHeader]: SECRETS.userlike }),
      writes: MESSAGE_WRITES,
    },
    {
      name: 'POST /webhooks/kindly',
      method: 'POST',
      path: '/webhooks/kindly',
      body: () => buildKindlyPayload({ _links: { chat: `${apiOrigin}/api/v1/chats/x` } }),
      credentials: (body) =>
        Promise.resolve({
          'kindly-hmac': signKindlyBody(body, SECRETS.kindly),
          'kindly-hmac-algorithm': KINDLY_ALGORITHM_HEADER,
        }),
      writes: MESSAGE_WRITES,
    },
    {
      name: 'POST /webhooks/kore',
      method: 'POST',
      path: '/webhooks/kore',
      body: () => buildKoreWebhookEvent('What are your opening hours?'),
      credentials: bearer(SECRETS.koreWebhook),
      writes: MESSAGE_WRITES,
    },
    {
      name: 'POST /kore-webhook',
      method: 'POST',
      path: '/kore-webhook',
      body: () => buildKoreWebhookEvent('Kargom nerede?'),
      credentials: bearer(SECRETS.koreWebhook),
      writes: MESSAGE_WRITES,
    },
    {
      name: 'POST /webhooks/kore/botkit/…/on_user_message',
      method: 'POST',
      path: botkitPath,
      body: () => buildKoreBotkitPayload(apiOrigin),
      credentials: async () => ({
        token: await signBotkitToken(SECRETS.koreClientSecret, { appId: SECRETS.koreClientId }),
      }),
      writes: MESSAGE_WRITES,
    },
    {
      name: 'POST /messages/proactive',
      method: 'POST',
      path: '/messages/proactive',
      body: () => ({ platform: 'userlike', recipient: 'chatbot::1:abc', text: 'Hallo 👋' }),
      credentials: bearer(SECRETS.admin),
      writes: ADMIN_WRITES,
    },
    {
      name: 'POST /admin/important-customers',
      method: 'POST',
      path: '/admin/important-customers',
      body: () => ({
        phone_number: `+90555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
        name: 'Derya Yılmaz',
        priority_boost: 3,
      }),
      credentials: bearer(SECRETS.admin),
      writes: ADMIN_WRITES,
    },
    {
      name: 'POST /admin/critical-groups',
      method: 'POST',
      path: '/admin/critical-groups',
      body: () => ({ name: `Kargo ${randomUUID().slice(0, 8)}`, priority_boost: 2 }),
      credentials: bearer(SECRETS.admin),
      writes: ADMIN_WRITES,
    },
    {
      name: 'POST /admin/messages/:id/replay',
      method: 'POST',
      path: '/admin/messages/1/replay',
      credentials: bearer(SECRETS.admin),
      writes: ADMIN_WRITES,
    },
    {
      name: 'POST /admin/outbound/:id/retry',
      method: 'POST',
      path: '/admin/outbound/1/retry',
      credentials: bearer(SECRETS.admin),
      writes: ADMIN_WRITES,
    },
  ];
}

/** Admin reads and deletes: no body, the admin bearer token. */
export function adminReadRoutes(): RouteCase[] {
  const admin = bearer(SECRETS.admin);
  return [
    ['GET', '/messages/1'],
    ['GET', '/admin/messages?status=failed,dead'],
    ['GET', '/admin/outbound?status=failed,needs_template'],
    ['GET', '/admin/important-customers'],
    ['GET', '/admin/important-customers/1'],
    ['DELETE', '/admin/important-customers/999999'],
    ['GET', '/admin/critical-groups'],
    ['GET', '/admin/critical-groups/1'],
    ['DELETE', '/admin/critical-groups/999999'],
  ].map(([method, path]) => ({
    name: `${method} ${path}`,
    method: method as Method,
    path,
    credentials: admin,
    writes: ADMIN_WRITES,
  }));
}
