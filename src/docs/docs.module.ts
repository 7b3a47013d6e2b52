import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { serveStaticFiles } from 'src/common/http/static-assets';
import { DocsController } from 'src/docs/docs.controller';
import { swaggerUiFiles } from 'src/docs/swagger-ui-page';

// `GET /docs` (Swagger UI); `GET /docs-json` is served by `setupOpenApi` in `configureApp`.
@Module({ controllers: [DocsController] })
export class DocsModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    serveStaticFiles(this.adapterHost, swaggerUiFiles());
  }
}
