import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { RequestId } from 'src/common/logging/request-id.decorator';
import { KINDLY_HMAC_ALGORITHM, KindlyAdapter } from 'src/platforms/kindly/kindly.adapter';
import { KindlyWebhookDto } from 'src/platforms/kindly/kindly.dto';
import { KindlyWebhookResponse } from 'src/platforms/kindly/kindly.response';
import { KindlyWebhookService } from 'src/platforms/kindly/kindly-webhook.service';
import { SignedBy } from 'src/platforms/signed-by.decorator';

@ApiTags('webhooks')
@Controller('webhooks/kindly')
export class KindlyController {
  constructor(private readonly webhooks: KindlyWebhookService) {}

  @Post()
  @HttpCode(200)
  @SignedBy(KindlyAdapter)
  @ApiHeader({ name: 'Kindly-HMAC', description: 'base64 HMAC-SHA256 of the raw body' })
  @ApiHeader({ name: 'Kindly-HMAC-algorithm', description: `Must be \`${KINDLY_HMAC_ALGORITHM}\`` })
  @ApiOkResponse({ type: KindlyWebhookResponse })
  @ApiBadRequestResponse({ description: 'Invalid body; `fields` names each bad field' })
  @ApiUnauthorizedResponse({
    description: 'Missing or wrong Kindly-HMAC, or another Kindly-HMAC-algorithm',
  })
  receive(
    @Body() payload: KindlyWebhookDto,
    @RequestId() requestId: string,
  ): Promise<KindlyWebhookResponse> {
    return this.webhooks.receive(payload, requestId);
  }
}
