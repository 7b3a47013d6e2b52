import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  DocumentBuilder,
  type ExamplesObject,
  type OpenAPIObject,
  type OperationObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { AppConfig } from 'src/config/app-config';
import { DOCS_JSON_URL } from 'src/docs/swagger-ui-page';
import {
  IZER_WEBHOOK_EXAMPLES,
  KINDLY_WEBHOOK_EXAMPLES,
  KORE_BOTKIT_EXAMPLES,
  KORE_WEBHOOK_EXAMPLES,
  USERLIKE_WEBHOOK_EXAMPLES,
  WHATSAPP_WEBHOOK_EXAMPLES,
} from 'src/docs/webhook-examples';

// Security scheme names of the document. `bearer` is the admin token: the name
// `@ApiBearerAuth()` uses on the admin controllers.
export enum SecurityScheme {
  Admin = 'bearer',
  IzerToken = 'izer_token',
  WhatsappSignature = 'whatsapp_signature',
  UserlikeToken = 'userlike_token',
  KindlyHmac = 'kindly_hmac',
  KoreToken = 'kore_token',
  KoreBotkitJwt = 'kore_botkit_jwt',
}

interface WebhookDoc {
  path: string;
  scheme: SecurityScheme;
  // The route answers without credentials until its secret is configured.
  isAuthOptional: boolean;
  examples: ExamplesObject;
  // BotKit gets its payload back.
  isEchoed?: boolean;
}

// What the controllers' decorators do not say about the webhooks: how each platform proves who it
// is, and a real body. Kept here, next to the schemes, so the platform folders stay about
// translating; the docs test fails when a path below no longer exists.
const WEBHOOK_DOCS: readonly WebhookDoc[] = [
  {
    path: '/webhook',
    scheme: SecurityScheme.IzerToken,
    isAuthOptional: true,
    examples: IZER_WEBHOOK_EXAMPLES,
  },
  {
    path: '/webhooks/whatsapp',
    scheme: SecurityScheme.WhatsappSignature,
    isAuthOptional: false,
    examples: WHATSAPP_WEBHOOK_EXAMPLES,
  },
  {
    path: '/webhooks/userlike',
    scheme: SecurityScheme.UserlikeToken,
    isAuthOptional: false,
    examples: USERLIKE_WEBHOOK_EXAMPLES,
  },
  {
    path: '/webhooks/kindly',
    scheme: SecurityScheme.KindlyHmac,
    isAuthOptional: false,
    examples: KINDLY_WEBHOOK_EXAMPLES,
  },
  {
    path: '/webhooks/kore',
    scheme: SecurityScheme.KoreToken,
    isAuthOptional: true,
    examples: KORE_WEBHOOK_EXAMPLES,
  },
  {
    path: '/kore-webhook',
    scheme: SecurityScheme.KoreToken,
    isAuthOptional: true,
    examples: KORE_WEBHOOK_EXAMPLES,
  },
  {
    path: '/webhooks/kore/botkit/sdk/bots/{botId}/{eventName}',
    scheme: SecurityScheme.KoreBotkitJwt,
    isAuthOptional: false,
    examples: KORE_BOTKIT_EXAMPLES,
    isEchoed: true,
  },
  {
    path: '/webhooks/kore/botkit/sdk/bots/{botId}/components/{componentId}/{eventName}',
    scheme: SecurityScheme.KoreBotkitJwt,
    isAuthOptional: false,
    examples: KORE_BOTKIT_EXAMPLES,
    isEchoed: true,
  },
];

const UNSIGNED_NOTE =
  ' Without the secret configured the route accepts unsigned deliveries only while ' +
  'ALLOW_UNSIGNED_WEBHOOKS is true (the default outside production).';

// `GET /docs-json`; the Swagger UI page at `GET /docs` is `DocsController`. Built on the first
// request, so booting (and every test app) does not pay for scanning the routes.
export function setupOpenApi(app: NestFastifyApplication): void {
  const config = app.get(AppConfig);
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app, config), {
    ui: false,
    raw: ['json'],
    jsonDocumentUrl: DOCS_JSON_URL,
  });
}

export function buildOpenApiDocument(
  app: NestFastifyApplication,
  config: AppConfig,
): OpenAPIObject {
  const base = new DocumentBuilder()
    .setTitle('Chat Triage Gateway')
    .setDescription(
      'Receives chat webhooks from Kore.ai, Userlike, Kindly, WhatsApp and İzer, stores, ' +
        'triages and routes every message, and answers each platform in its own format. ' +
        'Operators: `/health`, `/stats`, `/stats/timeseries`, `/metrics` (Prometheus) and ' +
        '`/dashboard`.',
    )
    .setVersion('1')
    .addTag('webhooks', 'Deliveries from the chat platforms, each verified on the raw body')
    .addTag('admin', 'Bearer ADMIN_API_TOKEN; 503 while it is not set')
    .addTag('stats', 'Counts from the database, right across restarts and instances')
    .addTag('health', 'Readiness and liveness probes')
    .addTag('operations', 'Metrics, the dashboard and this documentation')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'ADMIN_API_TOKEN' },
      SecurityScheme.Admin,
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: 'IZER_WEBHOOK_TOKEN; `POST /webhook` is open while it is not set.',
      },
      SecurityScheme.IzerToken,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-Hub-Signature-256',
        description:
          '`sha256=` + hex HMAC-SHA256 of the raw body with WHATSAPP_APP_SECRET.' + UNSIGNED_NOTE,
      },
      SecurityScheme.WhatsappSignature,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: config.userlike.webhookHeader,
        description:
          'USERLIKE_WEBHOOK_TOKEN in the header USERLIKE_WEBHOOK_HEADER ' +
          `(here \`${config.userlike.webhookHeader}\`).` +
          UNSIGNED_NOTE,
      },
      SecurityScheme.UserlikeToken,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'Kindly-HMAC',
        description:
          'base64 HMAC-SHA256 of the raw body with KINDLY_WEBHOOK_SECRET, with ' +
          '`Kindly-HMAC-algorithm: HMAC-SHA-256`.' +
          UNSIGNED_NOTE,
      },
      SecurityScheme.KindlyHmac,
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: 'KORE_WEBHOOK_TOKEN; the route is open while it is not set.',
      },
      SecurityScheme.KoreToken,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'token',
        description:
          'BotKit JWT (HS256, signed with KORE_CLIENT_SECRET, claim `appId` = KORE_CLIENT_ID).' +
          UNSIGNED_NOTE,
      },
      SecurityScheme.KoreBotkitJwt,
    )
    .build();
  const document = SwaggerModule.createDocument(app, base);
  for (const webhook of WEBHOOK_DOCS) {
    describeWebhook(document, webhook);
  }
  document.paths[DOCS_JSON_URL] = {
    get: {
      tags: ['operations'],
      summary: 'This OpenAPI document',
      operationId: 'OpenApiDocument',
      responses: { '200': { description: 'OpenAPI 3 JSON', content: { 'application/json': {} } } },
    },
  };
  return document;
}

function describeWebhook(document: OpenAPIObject, webhook: WebhookDoc): void {
  const operation: OperationObject | undefined = document.paths[webhook.path]?.post;
  if (!operation) {
    return;
  }
  operation.security = webhook.isAuthOptional
    ? [{ [webhook.scheme]: [] }, {}]
    : [{ [webhook.scheme]: [] }];
  const json =
    operation.requestBody && 'content' in operation.requestBody
      ? operation.requestBody.content['application/json']
      : undefined;
  if (json) {
    json.examples = webhook.examples;
  }
  const ok = operation.responses['200'];
  if (webhook.isEchoed && json?.schema && ok && !('$ref' in ok)) {
    ok.content = { 'application/json': { schema: json.schema } };
  }
}
