import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { RequestId } from 'src/common/logging/request-id.decorator';
import { IngestMessageService } from 'src/messages/ingest-message.service';
import { SignedBy } from 'src/platforms/signed-by.decorator';
import { IzerAdapter } from 'src/platforms/whatsapp/izer.adapter';
import { IzerWebhookDto } from 'src/platforms/whatsapp/izer.dto';
import { IzerWebhookResponse } from 'src/platforms/whatsapp/izer.response';

@ApiTags('webhooks')
@Controller()
export class IzerController {
  constructor(
    private readonly adapter: IzerAdapter,
    private readonly ingest: IngestMessageService,
  ) {}

  @Post('webhook')
  @HttpCode(200)
  @SignedBy(IzerAdapter)
  @ApiOkResponse({ type: IzerWebhookResponse })
  @ApiBadRequestResponse({ description: 'Invalid body; `fields` names each bad field' })
  @ApiUnauthorizedResponse({
    description: 'IZER_WEBHOOK_TOKEN is set and the bearer token is wrong',
  })
  async receive(
    @Body() payload: IzerWebhookDto,
    @RequestId() requestId: string,
  ): Promise<IzerWebhookResponse> {
    const [message] = this.adapter.toMessages(payload, new Date());
    return this.adapter.toResponse(await this.ingest.ingest(message, { requestId }));
  }
}
