import { Controller, Get, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse } from '@nestjs/swagger';
import { AdminApi } from 'src/common/security/admin-api.decorator';
import { MessageIdParamsDto } from 'src/messages/message-detail.dto';
import { MessageDetailResponse } from 'src/messages/message-detail.response';
import { MessageDetailService } from 'src/messages/message-detail.service';

@AdminApi()
@Controller('messages')
export class MessageDetailController {
  constructor(private readonly details: MessageDetailService) {}

  @Get(':id')
  @ApiOkResponse({ type: MessageDetailResponse })
  @ApiBadRequestResponse({ description: '`id` is not a positive integer' })
  @ApiNotFoundResponse({ description: 'No stored message has this id' })
  findOne(@Param() params: MessageIdParamsDto): Promise<MessageDetailResponse> {
    return this.details.findById(params.id);
  }
}
