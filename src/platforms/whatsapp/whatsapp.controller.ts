import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  Header,
  HttpCode,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { SignedBy } from 'src/platforms/signed-by.decorator';
import { WhatsappWebhookResponse } from 'src/platforms/whatsapp/whatsapp-webhook.response';
import { WhatsappWebhookService } from 'src/platforms/whatsapp/whatsapp-webhook.service';
import { WhatsappAdapter } from 'src/platforms/whatsapp/whatsapp.adapter';
import { WhatsappWebhookDto } from 'src/platforms/whatsapp/whatsapp.dto';

@ApiTags('webhooks')
@Controller('webhooks/whatsapp')
export class WhatsappController {
  constructor(
    private readonly adapter: WhatsappAdapter,
    private readonly webhooks: WhatsappWebhookService,
  ) {}

  // Meta's verification handshake; the query keys contain dots and are read literally. A string
  // answer goes out as text/plain (a content-type header here would also apply to the 403).
  @Get()
  @Header('x-content-type-options', 'nosniff')
  @ApiQuery({ name: 'hub.mode', example: 'subscribe' })
  @ApiQuery({ name: 'hub.verify_token' })
  @ApiQuery({ name: 'hub.challenge', example: '1158201444' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The challenge, echoed', type: String })
  @ApiForbiddenResponse({ description: 'Wrong mode or token, or WHATSAPP_VERIFY_TOKEN unset' })
  verify(
    @Query('hub.mode') mode: unknown,
    @Query('hub.verify_token') token: unknown,
    @Query('hub.challenge') challenge: unknown,
  ): string {
    const answer = this.adapter.challengeFor(mode, token, challenge);
    if (answer === null) {
      throw new ForbiddenException('verification refused');
    }
    return answer;
  }

  @Post()
  @HttpCode(200)
  @SignedBy(WhatsappAdapter)
  @ApiOkResponse({ type: WhatsappWebhookResponse })
  @ApiBadRequestResponse({ description: 'Invalid body; `fields` names each bad field' })
  @ApiUnauthorizedResponse({ description: 'X-Hub-Signature-256 missing or wrong' })
  receive(@Body() payload: WhatsappWebhookDto): Promise<WhatsappWebhookResponse> {
    return this.webhooks.receive(payload, new Date());
  }
}
