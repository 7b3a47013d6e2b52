import { Controller, Get, Header, Inject, Param, StreamableFile } from '@nestjs/common';
import {
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { StaticAssets } from 'src/common/http/static-assets';
import { DOCS_ASSETS, SWAGGER_UI_HTML } from 'src/docs/swagger-ui-page';

@ApiTags('operations')
@Controller('docs')
export class DocsController {
  constructor(@Inject(DOCS_ASSETS) private readonly assets: StaticAssets) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'This documentation (Swagger UI)' })
  @ApiProduces('text/html')
  @ApiOkResponse({
    description: 'Swagger UI for this document; the OpenAPI JSON itself is at `GET /docs-json`',
    schema: { type: 'string' },
  })
  page(): string {
    return SWAGGER_UI_HTML;
  }

  @Get(':asset')
  @Header('cache-control', 'public, max-age=3600')
  @ApiExcludeEndpoint()
  asset(@Param('asset') name: string): StreamableFile {
    return this.assets.stream(name);
  }
}
