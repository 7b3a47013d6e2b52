import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { RequestId } from 'src/common/logging/request-id.decorator';
import { IngestMessageService } from 'src/messages/ingest-message.service';
import { UserlikeAdapter } from 'src/platforms/userlike/userlike.adapter';
import { UserlikeWebhookDto } from 'src/platforms/userlike/userlike.dto';
import { UserlikeEvent } from 'src/platforms/userlike/userlike.response';
import { SignedBy } from 'src/platforms/signed-by.decorator';

@ApiTags('webhooks')
@Controller('webhooks/userlike')
export class UserlikeController {
  constructor(
    private readonly adapter: UserlikeAdapter,
    private readonly ingest: IngestMessageService,
  ) {}

  @Post()
  @HttpCode(200)
  @SignedBy(UserlikeAdapter)
  @ApiOkResponse({
    type: [UserlikeEvent],
    description: 'Triggerable events for Userlike to run in order',
  })
  @ApiBadRequestResponse({
    description: 'Invalid body or unknown `packet.name`; `fields` names each',
  })
  @ApiUnauthorizedResponse({
    description:
      'USERLIKE_WEBHOOK_TOKEN is set and the USERLIKE_WEBHOOK_HEADER header does not match',
  })
  async receive(
    @Body() payload: UserlikeWebhookDto,
    @RequestId() requestId: string,
  ): Promise<UserlikeEvent[]> {
    const [message] = this.adapter.toMessages(payload, new Date());
    const result = await this.ingest.ingest(message, { ...this.adapter.ingestOptions, requestId });
    return this.adapter.toEvents(payload, result);
  }
}
