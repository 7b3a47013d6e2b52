import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AdminApi } from 'src/common/security/admin-api.decorator';
import { OutboundStatus } from 'src/core/outbound-status';
import { OutboundService } from 'src/replies/outbound.service';
import {
  ProactiveMessageDto,
  ProactiveMessageResponse,
  toProactiveRequest,
} from 'src/replies/proactive.dto';

@AdminApi()
@Controller('messages')
export class ProactiveController {
  constructor(private readonly outbound: OutboundService) {}

  @Post('proactive')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: ProactiveMessageResponse,
    description:
      'Stored, then sent in the background; its outbound_messages row records how it ended',
  })
  @ApiBadRequestResponse({ description: 'Invalid body; `fields` names each bad field' })
  @ApiUnprocessableEntityResponse({
    description:
      'The platform takes no proactive messages (or no templates), or free text to a WhatsApp ' +
      'number that has not written in 24 hours (`TemplateRequired`: send a template); ' +
      'nothing is stored',
  })
  async send(@Body() body: ProactiveMessageDto): Promise<ProactiveMessageResponse> {
    const id = await this.outbound.queueProactive(toProactiveRequest(body));
    return { id, status: OutboundStatus.Queued };
  }
}
