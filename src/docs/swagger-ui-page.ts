import { dirname, join } from 'node:path';
import type { StaticAssetSource } from 'src/common/http/static-assets';

export const DOCS_JSON_URL = '/docs-json';

// Swagger UI from the swagger-ui-dist package @nestjs/swagger ships, served by the gateway itself
// (it must work offline). @nestjs/swagger would serve it through @fastify/static, which this
// service does not depend on. The page has no inline script, and the validator badge (a call to
// validator.swagger.io) is off.
export const SWAGGER_UI_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Chat Triage Gateway · API</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css" />
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/swagger-ui-standalone-preset.js"></script>
    <script src="/docs/swagger-init.js"></script>
  </body>
</html>
`;

const SWAGGER_INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '${DOCS_JSON_URL}',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'StandaloneLayout',
  });
});
`;

export function swaggerUiAssetSources(): StaticAssetSource[] {
  const root = swaggerUiDistPath();
  const fromDist = (name: string, contentType: string): StaticAssetSource => ({
    name,
    path: join(root, name),
    contentType,
  });
  return [
    fromDist('swagger-ui.css', 'text/css; charset=utf-8'),
    fromDist('swagger-ui-bundle.js', 'application/javascript; charset=utf-8'),
    fromDist('swagger-ui-standalone-preset.js', 'application/javascript; charset=utf-8'),
    fromDist('favicon-32x32.png', 'image/png'),
    fromDist('favicon-16x16.png', 'image/png'),
    {
      name: 'swagger-init.js',
      body: SWAGGER_INIT_JS,
      contentType: 'application/javascript; charset=utf-8',
    },
  ];
}

// swagger-ui-dist is @nestjs/swagger's dependency, so it is looked up from there, wherever npm
// placed it.
function swaggerUiDistPath(): string {
  const swagger = dirname(require.resolve('@nestjs/swagger/package.json'));
  return dirname(require.resolve('swagger-ui-dist/package.json', { paths: [swagger] }));
}

export const DOCS_ASSETS = Symbol('DocsAssets');
