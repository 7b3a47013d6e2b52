import { dirname } from 'node:path';
import type { StaticFiles } from 'src/common/http/static-assets';

export const DOCS_JSON_URL = '/docs-json';

// Swagger UI from the swagger-ui-dist package @nestjs/swagger ships, served by the gateway itself
// (it must work offline). Not @nestjs/swagger's own UI: that one serves all of swagger-ui-dist
// (its package.json and the demo page included) under `/docs/`. The page has no inline script,
// and the validator badge (a call to validator.swagger.io) is off.
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

export const SWAGGER_INIT_JS = `window.addEventListener('load', function () {
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

// Swagger UI's own files, served as they ship; `swagger-init.js` is built above and served by
// `DocsController`.
export function swaggerUiFiles(): StaticFiles {
  const root = swaggerUiDistPath();
  return {
    urlPrefix: '/docs/',
    files: {
      'swagger-ui.css': root,
      'swagger-ui-bundle.js': root,
      'swagger-ui-standalone-preset.js': root,
      'favicon-32x32.png': root,
      'favicon-16x16.png': root,
    },
    cacheControl: 'public, max-age=3600',
  };
}

// swagger-ui-dist is @nestjs/swagger's dependency, so it is looked up from there, wherever npm
// placed it.
function swaggerUiDistPath(): string {
  const swagger = dirname(require.resolve('@nestjs/swagger/package.json'));
  return dirname(require.resolve('swagger-ui-dist/package.json', { paths: [swagger] }));
}
