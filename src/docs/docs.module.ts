import { Module } from '@nestjs/common';
import { StaticAssets } from 'src/common/http/static-assets';
import { DocsController } from 'src/docs/docs.controller';
import { DOCS_ASSETS, swaggerUiAssetSources } from 'src/docs/swagger-ui-page';

// `GET /docs` (Swagger UI); `GET /docs-json` is served by `setupOpenApi` in `configureApp`.
@Module({
  controllers: [DocsController],
  providers: [
    { provide: DOCS_ASSETS, useFactory: () => StaticAssets.load(swaggerUiAssetSources()) },
  ],
})
export class DocsModule {}
