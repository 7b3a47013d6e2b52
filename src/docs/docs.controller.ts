import { Controller, Get, Header } from '@nestjs/common';
import {
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { SWAGGER_INIT_JS, SWAGGER_UI_HTML } from 'src/docs/swagger-ui-page';

// Swagger UI's files from swagger-ui-dist under `/docs/` are static files (`DocsModule`).
@ApiTags('operations')
@Controller('docs')
export class DocsController {
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

  // Built in code, so it names the document's URL from the same constant as the route.
  @Get('swagger-init.js')
  @Header('content-type', 'application/javascript; charset=utf-8')
  @Header('cache-control', 'public, max-age=3600')
  @Header('x-content-type-options', 'nosniff')
  @ApiExcludeEndpoint()
  init(): string {
    return SWAGGER_INIT_JS;
  }
}
