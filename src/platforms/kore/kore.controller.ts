import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { RequestId } from 'src/common/logging/request-id.decorator';
import { KoreAdapter } from 'src/platforms/kore/kore.adapter';
import { KoreWebhookEventDto } from 'src/platforms/kore/kore.dto';
import { KoreWebhookResponse } from 'src/platforms/kore/kore.response';
import { KoreWebhookService } from 'src/platforms/kore/kore-webhook.service';
import { SignedBy } from 'src/platforms/signed-by.decorator';

@ApiTags('webhooks')
@Controller()
export class KoreController {
  constructor(private readonly webhook: KoreWebhookService) {}

  // `kore-webhook` is seed 000's path; `webhooks/kore` matches the other platforms' routes.
  @Post(['kore-webhook', 'webhooks/kore'])
  @HttpCode(200)
  @SignedBy(KoreAdapter)
  @ApiOkResponse({ type: KoreWebhookResponse })
  @ApiBadRequestResponse({ description: 'Invalid body; `fields` names each bad field' })
  @ApiUnauthorizedResponse({
    description: 'KORE_WEBHOOK_TOKEN is set and the bearer token is missing or wrong',
  })
  receive(
    @Body() payload: KoreWebhookEventDto,
    @RequestId() requestId: string,
  ): Promise<KoreWebhookResponse> {
    return this.webhook.answer(payload, requestId);
  }
}
