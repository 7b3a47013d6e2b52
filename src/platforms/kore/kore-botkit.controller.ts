import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { KoreBotkitEvent } from 'src/platforms/kore/kore-botkit-event';
import { KoreBotkitEventPipe } from 'src/platforms/kore/kore-botkit-event.pipe';
import { KoreBotkitAdapter, type KoreBotkitPayload } from 'src/platforms/kore/kore-botkit.adapter';
import { KoreBotkitPayloadDto } from 'src/platforms/kore/kore-botkit.dto';
import { KoreBotkitGuard } from 'src/platforms/kore/kore-botkit.guard';
import { KoreBotkitService } from 'src/platforms/kore/kore-botkit.service';
import { SignedBy } from 'src/platforms/signed-by.decorator';

const DEFAULT_COMPONENT = 'default';

// Kore.ai's BotKit callback URL is `<gateway>/webhooks/kore/botkit`; Kore appends the rest.
@ApiTags('webhooks')
@Controller('webhooks/kore/botkit/sdk/bots')
export class KoreBotkitController {
  constructor(private readonly botkit: KoreBotkitService) {}

  @Post([':botId/:eventName', ':botId/components/:componentId/:eventName'])
  @HttpCode(200)
  @SignedBy(KoreBotkitAdapter)
  @UseGuards(KoreBotkitGuard)
  @ApiOkResponse({ description: 'Stored; the payload is echoed back, as BotKit does' })
  @ApiBadRequestResponse({ description: 'Invalid body; `fields` names each bad field' })
  @ApiUnauthorizedResponse({ description: 'The `token` JWT is missing or invalid' })
  @ApiNotFoundResponse({ description: 'An unknown event, or a bot other than KORE_BOT_ID' })
  receive(
    @Param('botId') botId: string,
    @Param('componentId') componentId: string | undefined,
    @Param('eventName', KoreBotkitEventPipe) eventName: KoreBotkitEvent,
    @Body() payload: KoreBotkitPayloadDto,
  ): Promise<KoreBotkitPayload> {
    return this.botkit.receive({
      botId,
      componentId: componentId ?? DEFAULT_COMPONENT,
      eventName,
      payload,
    });
  }
}
